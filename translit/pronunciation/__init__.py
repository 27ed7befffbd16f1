"""Pronunciation: where the vowels Persian script leaves out come from when a word is romanized.

``g2p`` reads a word through eSpeak NG (its current Persian dictionary, compiled from the sources in
``espeak-fa/`` by ``espeakdata``) and aligns the phonemes with the letters; ``lexicon`` is the
pronunciation lexicon that supplies known words; ``morphology`` gives the sounds of affixes.
"""
