"""Which script a text is written in."""
from __future__ import annotations

from typing import Literal

Script = Literal["persian", "latin", "mixed", "none"]


def _is_arabic_letter(ch: str) -> bool:
    o = ord(ch)
    return (0x0620 <= o <= 0x064A or 0x066E <= o <= 0x06D5 or 0x06FA <= o <= 0x06FF
            or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFC or o == 0x0621)


def detect_script(text: str) -> Script:
    """``"persian"`` when the letters are Arabic-script, ``"latin"`` when they are Latin,
    ``"mixed"`` when both occur, ``"none"`` when the text has no letters."""
    persian = latin = False
    for ch in text:
        if not ch.isalpha():
            continue
        if _is_arabic_letter(ch):
            persian = True
        elif ch.isascii() or 0x00C0 <= ord(ch) <= 0x02AF or 0x1E00 <= ord(ch) <= 0x1EFF:
            latin = True
        if persian and latin:
            return "mixed"
    return "persian" if persian else "latin" if latin else "none"
