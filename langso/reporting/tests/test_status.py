"""Status thresholds: green when the target is met, amber from 80 % of it, red below, grey without
a value or a target; "down" indicators (lower is better) mirror them."""

from __future__ import annotations

from decimal import Decimal

from langso.reporting.models import Direction
from langso.reporting.status import Status, status_of

TARGET = Decimal(50)


def test_exactly_the_target_is_green() -> None:
    assert status_of(Decimal(50), TARGET, Direction.UP) == Status.GREEN


def test_above_the_target_is_green() -> None:
    assert status_of(Decimal("50.01"), TARGET, Direction.UP) == Status.GREEN


def test_exactly_80_percent_of_the_target_is_amber() -> None:
    assert status_of(Decimal(40), TARGET, Direction.UP) == Status.AMBER


def test_just_below_80_percent_of_the_target_is_red() -> None:
    assert status_of(Decimal("39.99"), TARGET, Direction.UP) == Status.RED


def test_no_value_is_grey() -> None:
    assert status_of(None, TARGET, Direction.UP) == Status.GREY


def test_no_target_is_grey() -> None:
    assert status_of(Decimal(90), None, Direction.UP) == Status.GREY


def test_down_direction_at_the_target_is_green() -> None:
    assert status_of(Decimal(40), Decimal(40), Direction.DOWN) == Status.GREEN


def test_down_direction_up_to_target_over_0_8_is_amber() -> None:
    assert status_of(Decimal(50), Decimal(40), Direction.DOWN) == Status.AMBER  # 40 / 0.8 = 50


def test_down_direction_above_target_over_0_8_is_red() -> None:
    assert status_of(Decimal("50.01"), Decimal(40), Direction.DOWN) == Status.RED


def test_down_direction_below_the_target_is_green() -> None:
    assert status_of(Decimal(10), Decimal(40), Direction.DOWN) == Status.GREEN


def test_every_status_has_its_own_symbol_and_word() -> None:
    assert len({status.symbol for status in Status}) == len(Status)
    assert len({str(status.label) for status in Status}) == len(Status)
