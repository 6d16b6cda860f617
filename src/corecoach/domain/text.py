"""Bilingual text: every string a person reads exists in English and Dutch."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from corecoach.domain.enums import Language


class Text(BaseModel):
    """A string in both languages; neither may be empty and the two must differ (a real translation)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str
    nl: str

    @field_validator("en", "nl")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @model_validator(mode="after")
    def _translated(self) -> Text:
        if self.en == self.nl:
            raise ValueError(f"English and Dutch text are identical ({self.en!r}): translate it")
        return self

    def __call__(self, lang: Language | str) -> str:
        return self.nl if Language(lang) is Language.NL else self.en
