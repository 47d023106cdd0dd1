"""Skills and knowledge: what the plan needs that someone cannot do yet, who, how they
will learn it (training, coaching, shadowing, self-study) and by when."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facilitation.plan.reviews import ReviewInputError, parse_date
from facilitation.store.database import Store, now_iso
from facilitation.store.model import Record

METHODS = ("training", "coaching", "shadowing", "self-study")
STATUSES = ("planned", "learning", "learned")
MAX_TEXT = 300


class SkillInputError(ValueError):
    """Invalid skill fields; `errors` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Skill(Record):
    """A skill or piece of knowledge someone will learn for the plan."""

    id: int
    plan_id: int
    skill: str
    who: str
    method: str
    by_date: str | None
    status: str
    notes: str
    position: int
    created_at: str
    updated_at: str

    @property
    def missing(self) -> list[str]:
        """What the entry still lacks: 'who', 'by when'."""
        return [name for name, value in (("who", self.who), ("by when", self.by_date))
                if not value]


@dataclass(frozen=True)
class SkillInput:
    """A skill as typed by a person, before validation."""

    skill: str
    who: str = ""
    method: str = "training"
    by_date: str = ""
    status: str = "planned"
    notes: str = ""

    def validate(self) -> dict[str, Any]:
        """The clean row, or SkillInputError naming every field that is wrong.

        Who and by-when may be left blank (the entry then shows what it lacks)."""
        errors: dict[str, str] = {}
        row: dict[str, Any] = {}
        for name in ("skill", "who", "notes"):
            value = " ".join((getattr(self, name) or "").split())
            if len(value) > MAX_TEXT:
                errors[name] = f"fits in {MAX_TEXT} characters"
            row[name] = value
        if not row["skill"]:
            errors["skill"] = "required"
        method = (self.method or "").strip().lower().replace(" ", "-")
        if method == "selfstudy":
            method = "self-study"
        if method not in METHODS:
            errors["method"] = "choose one of: " + ", ".join(METHODS)
        row["method"] = method
        if self.status not in STATUSES:
            errors["status"] = "choose one of: " + ", ".join(STATUSES)
        row["status"] = self.status
        try:
            day = parse_date(self.by_date, "by_date")
            row["by_date"] = day.isoformat() if day else None
        except ReviewInputError as exc:
            errors.update(exc.errors)
        if errors:
            raise SkillInputError(errors)
        return row


def add_skill(store: Store, plan_id: int, skill: SkillInput, *, session_id: int | None = None,
              actor: str | None = None) -> int:
    """Validate and save a skill for the plan; returns its id."""
    row = skill.validate()
    stamp = now_iso()
    row.update(plan_id=plan_id, created_at=stamp, updated_at=stamp)
    with store.change("skill.added", {"plan_id": plan_id}, actor=actor,
                      session_id=session_id) as ch:
        row["position"] = ch.next_position("skills", "plan_id", plan_id)
        skill_id = ch.insert("skills", row)
        ch.payload["skill_id"] = skill_id
    return skill_id


def update_skill(store: Store, skill_id: int, skill: SkillInput, *,
                 session_id: int | None = None, actor: str | None = None) -> None:
    """Replace a skill's fields with newly typed ones."""
    row = skill.validate()
    row["updated_at"] = now_iso()
    plan_id = get_skill(store, skill_id).plan_id
    with store.change("skill.changed", {"plan_id": plan_id, "skill_id": skill_id}, actor=actor,
                      session_id=session_id) as ch:
        ch.update("skills", skill_id, row)


def delete_skill(store: Store, skill_id: int, *, session_id: int | None = None,
                 actor: str | None = None) -> dict[str, Any]:
    """Delete a skill; the row goes into the event so it can be undone."""
    plan_id = get_skill(store, skill_id).plan_id
    with store.change("skill.deleted", {"plan_id": plan_id, "skill_id": skill_id}, actor=actor,
                      session_id=session_id) as ch:
        return ch.delete("skills", skill_id)


def restore_skill(store: Store, deleted: dict[str, Any], *, session_id: int | None = None,
                  actor: str | None = None) -> int:
    """Put a deleted skill back (undo), with its id."""
    with store.change("skill.restored", {"plan_id": deleted["plan_id"]}, actor=actor,
                      session_id=session_id) as ch:
        return ch.insert("skills", dict(deleted))


def get_skill(store: Store, skill_id: int) -> Skill:
    """One skill by id (KeyError if there is none)."""
    return Skill.from_row(store.row_by_id("skills", skill_id, "skill"))


def list_skills(store: Store, plan_id: int) -> list[Skill]:
    """The plan's skills in order."""
    rows = store.query("SELECT * FROM skills WHERE plan_id = ? ORDER BY position, id", [plan_id])
    return [Skill.from_row(r) for r in rows]
