"""Latin -> Persian script: reading a romanized word in any scheme (``phonemic``), ranking its
Persian spellings against the word lists (``backtranslit``, ``wordlist``), whole tokens and texts
with the Arabic element (``latin_text``), and the memo of rankings kept between runs (``memo``).
"""
