"""Vietnamese names by ethnic group and gender, drawn as the demo draws them (`langso.core.demo`), kept
as small codes (family, middle and given name indexes) so that a million residents' names take a few
megabytes and each name is folded for search once."""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

from langso.common.text import nfc, normalize_text
from langso.core.demo import data as demo


class NamePool:
    def __init__(self) -> None:
        families = sorted({name for group in demo.FAMILY_NAMES.values() for name, _weight in group})
        middles = ["Thị", "Văn", *demo.FEMALE_MIDDLE_NAMES, *demo.MALE_MIDDLE_NAMES]
        female, male = demo.FEMALE_GIVEN_NAMES, demo.MALE_GIVEN_NAMES
        minority_female, minority_male = demo.MINORITY_FEMALE_GIVEN_NAMES, demo.MINORITY_MALE_GIVEN_NAMES
        givens = [*female, *male, *minority_female, *minority_male]
        self.families = [nfc(name) for name in families]
        self.middles = [nfc(name) for name in middles]
        self.givens = [nfc(name) for name in givens]
        family_index = {name: index for index, name in enumerate(self.families)}
        self.family_draws = {
            group: (
                [family_index[nfc(name)] for name, _w in pairs],
                list(accumulate(w for _name, w in pairs)),
            )
            for group, pairs in demo.FAMILY_NAMES.items()
        }
        self.female_middles = [self.middles.index(nfc(name)) for name in demo.FEMALE_MIDDLE_NAMES]
        self.male_middles = [self.middles.index(nfc(name)) for name in demo.MALE_MIDDLE_NAMES]
        self.female_givens = [self.givens.index(nfc(name)) for name in female]
        self.male_givens = [self.givens.index(nfc(name)) for name in male]
        self.minority_female_givens = [self.givens.index(nfc(name)) for name in minority_female]
        self.minority_male_givens = [self.givens.index(nfc(name)) for name in minority_male]
        self._texts: dict[int, str] = {}
        self._folded: dict[int, str] = {}

    def draw(self, rng: random.Random, group: str, female: bool, age: int) -> int:
        """A name as `core.demo.draw_full_name` draws it: the group's family names, "Thị"/"Văn" more
        often for the old and the minorities, minority given names for some; packed in an int."""
        family_indexes, weights = self.family_draws[group]
        family = family_indexes[bisect(weights, rng.random() * weights[-1])]
        plain_share = 0.85 if age >= 55 or group != "Kinh" else 0.45
        if rng.random() < plain_share:
            middle = 0 if female else 1
        else:
            middle = rng.choice(self.female_middles if female else self.male_middles)
        if group != "Kinh" and rng.random() < demo.MINORITY_NAME_SHARE:
            given = rng.choice(self.minority_female_givens if female else self.minority_male_givens)
        else:
            given = rng.choice(self.female_givens if female else self.male_givens)
        if self.givens[given] == self.middles[middle]:
            middle = 0 if female else 1
        return (family << 16) | (middle << 8) | given

    def text(self, code: int) -> str:
        """The full name, family name first, in NFC."""
        text = self._texts.get(code)
        if text is None:
            family, middle, given = code >> 16, (code >> 8) & 255, code & 255
            text = self._texts[code] = f"{self.families[family]} {self.middles[middle]} {self.givens[given]}"
        return text

    def folded(self, code: int) -> str:
        """The name as `normalize_text` folds it for search (Person.search_name)."""
        folded = self._folded.get(code)
        if folded is None:
            folded = self._folded[code] = normalize_text(self.text(code))
        return folded
