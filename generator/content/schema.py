"""The content schemas: one class per content type, a docstring per field.

These classes are the single declaration of what department owners may write. The loader
validates every file against them; the docstrings become the field descriptions that
`content/README.md` documents and editors will show.

Validators raise `problem(...)`: its code becomes the diagnostic's stable code.
"""

import calendar
import itertools
import re
import string
import types
import typing
import zoneinfo
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, ClassVar, Literal

import email_validator
import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .languages import LANGUAGES
from .markdown import scheme


def problem(code: str, message: str, hint: str = "") -> PydanticCustomError:
    # The message goes through the context, not the template, so braces in owners' values survive.
    return PydanticCustomError(code, "{message}", {"message": message, "hint": hint})


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)

    # For an entry of a list that translations name: the field that says which entry it is
    # (an id, a closure's date, a channel's address). A translation names it and cannot change it.
    identity: ClassVar[str | None] = None
    called: ClassVar[str] = "entry"  # what such an entry is called in messages: service, closure


class Translated:
    """Marks a field as text a translation may give in another language (Annotated metadata):
    the translation files' schemas are derived from the fields so marked.

    paired: a list whose items a translation gives one for one, in the same order (a request
    form's categories, which services name); other lists are translated as a whole (keywords).
    instead: the field whose text readers see while this one is left out (a priority's shown
    name is its priority): a translation may give it then too, translating that text."""

    def __init__(self, paired: bool = False, instead: str | None = None):
        self.paired = paired
        self.instead = instead

    def __repr__(self) -> str:
        return f"Translated(paired={self.paired}, instead={self.instead!r})"


TRANSLATED = Translated()


# --- value types ---------------------------------------------------------------------------

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_slug(value: str) -> str:
    if not SLUG.match(value):
        raise problem("invalid-id", f"'{value}' is not a valid id",
                      "use lower-case letters, digits and single hyphens, e.g. reset-password")
    return value


def check_email(value: str) -> str:
    try:
        email_validator.validate_email(value, check_deliverability=False)
    except email_validator.EmailNotValidError:
        raise problem("invalid-email", f"'{value}' is not an email address",
                      "write the full address, e.g. techsupport@example.com") from None
    return value


def parse_phone(value: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def check_phone(value: str) -> str:
    if parse_phone(value) is None:
        raise problem("invalid-phone", f"'{value}' is not a dialable international phone number",
                      "start with + and the country code, e.g. +358 9 4242 0000")
    return value


def phone_href(value: str) -> str:
    """The tel: link of a phone number that check_phone accepted."""
    number = parse_phone(value)
    if number is None:
        raise ValueError(f"'{value}' is not a dialable phone number")
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


BRANCH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][^\s]*)?$")


# An address a reader can follow: a web page, a page of the site itself (/…), an e-mail address
# (mailto:) or a phone number (tel:). No character that would end an attribute or a Markdown
# link, or that a browser reads differently from a person (spaces, controls, \).
_SAFE = r"[^\x00-\x20\x7f-\x9f\"<>`\\]"
LINK = re.compile(rf"^(?:https?://[A-Za-z0-9.-]+(?::[0-9]{{1,5}})?(?:[/?#]{_SAFE}*)?|/(?![/\\]){_SAFE}*"
                  rf"|mailto:{_SAFE}+@{_SAFE}+|tel:\+?[0-9][0-9().-]*)$")
LINK_HINT = ("write a full web address (https://…), a page of the site (/…), an e-mail address (mailto:…) "
             "or a phone number (tel:+…)")


def check_url(value: str) -> str:
    """A web address (http or https), judged as a browser reads it: its scheme once entities
    are decoded and control characters stripped."""
    if (not URL.match(value) or ".." in value.split("/")[2] or not LINK.match(value)
            or scheme(value) not in ("http", "https")):
        raise problem("invalid-url", f"'{value}' is not a web address",
                      "write the full address starting with https://, e.g. https://help.example.com/form")
    return value


def check_link(value: str) -> str:
    """An address a reader follows: a web page, a site page, mailto: or tel:, judged as a browser
    judges it (entities decoded, control characters stripped) and with nothing that could end the
    attribute it lands in."""
    if not LINK.match(value) or scheme(value) not in (None, "http", "https", "mailto", "tel") \
            or (scheme(value) in ("http", "https") and ".." in value.split("/")[2]):
        raise problem("invalid-url", f"'{value}' is not an address a reader can follow", LINK_HINT)
    return value


def check_timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise problem("unknown-timezone", f"'{value}' is not a time zone",
                      "use a time zone name such as Europe/Helsinki or America/New_York") from None
    return value


def check_country(value: str) -> str:
    if value not in phonenumbers.SUPPORTED_REGIONS:
        raise problem("invalid-country", f"'{value}' is not a country code",
                      "use the two-letter ISO 3166 code in capitals, e.g. FI, PL, GB")
    return value


OWNER = re.compile(r"^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?$")


def check_owner(value: str) -> str:
    if not OWNER.match(value):
        try:
            return check_email(value)
        except PydanticCustomError:
            raise problem("invalid-owner", f"'{value}' is not a repository handle",
                          "write a user or team handle such as @maria-virtanen or @aurora/hr-team") from None
    return value


DURATION = re.compile(r"^([1-9][0-9]*) (minute|hour|business day|day|week|month|year)s?$")
MINUTES = {"minute": 1, "hour": 60, "business day": 8 * 60, "day": 24 * 60,
           "week": 7 * 24 * 60, "month": 30 * 24 * 60, "year": 365 * 24 * 60}


# Periods and targets beyond a century are mistakes, and dates stop at year 9999.
MAX_DURATION_YEARS = 100


def check_duration(value: str) -> str:
    match = DURATION.match(value)
    if not match:
        raise problem("invalid-duration", f"'{value}' is not a duration",
                      "write a number and a unit, e.g. 30 minutes, 4 hours, 2 business days, 12 months")
    # The digits are compared before int() reads them: Python refuses numbers of over 4,300 digits.
    number, unit = match.groups()
    if len(number) > 9 or int(number) * MINUTES[unit] > MAX_DURATION_YEARS * MINUTES["year"]:
        raise problem("invalid-duration", f"'{value}' is longer than {MAX_DURATION_YEARS} years",
                      "write a shorter period, e.g. 12 months or 2 years")
    return value


def duration_parts(value: str) -> tuple[int, str]:
    """The number and unit of a duration that check_duration accepted."""
    match = DURATION.match(value)
    if match is None:
        raise ValueError(f"'{value}' is not a duration")
    number, unit = match.groups()
    return int(number), unit


def duration_minutes(value: str) -> int:
    number, unit = duration_parts(value)
    return number * MINUTES[unit]


# WithJsonSchema shapes only the exported JSON Schema (for editors); the validators above
# stay the authority, with their own messages.
def _text(**schema) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", **schema})


def check_language(value: str) -> str:
    if value not in LANGUAGES:
        raise problem("invalid-value", f"the portal cannot be published in '{value}'",
                      "use one of: " + ", ".join(LANGUAGES))
    return value


Slug = Annotated[str, AfterValidator(check_slug), _text(pattern=SLUG.pattern)]
Email = Annotated[str, AfterValidator(check_email), _text(format="email", pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Phone = Annotated[str, AfterValidator(check_phone), _text(pattern=r"^\+[0-9][0-9 ()-]{5,}$")]
WebUrl = Annotated[str, AfterValidator(check_url), _text(pattern=URL.pattern)]
Url = Annotated[str, AfterValidator(check_link), _text(pattern=LINK.pattern)]
TimeZone = Annotated[str, AfterValidator(check_timezone), _text(pattern=r"^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$")]
Country = Annotated[str, AfterValidator(check_country), _text(pattern=r"^[A-Z]{2}$")]
Owner = Annotated[str, AfterValidator(check_owner), _text(pattern=r"^(@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+)$")]
Duration = Annotated[str, AfterValidator(check_duration), _text(pattern=DURATION.pattern)]
LanguageCode = Annotated[str, AfterValidator(check_language), _text(enum=sorted(LANGUAGES))]


# --- office hours ----------------------------------------------------------------------------

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOURS = re.compile(r"^([0-9]{1,2}):([0-9]{2})\s*-\s*([0-9]{1,2}):([0-9]{2})$")


def parse_days(value: str) -> list[int]:
    """'mon-fri' -> [0..4]; 'mon, wed' -> [0, 2]. Raises a problem on anything else."""
    days: list[int] = []
    for part in value.replace(" ", "").lower().split(","):
        ends = part.split("-")
        if len(ends) > 2 or any(end not in WEEKDAYS for end in ends):
            raise problem("invalid-hours", f"'{value}' is not a day or range of days",
                          "write days as mon, tue, wed, thu, fri, sat, sun; ranges as mon-fri; lists as mon, wed")
        first, last = WEEKDAYS.index(ends[0]), WEEKDAYS.index(ends[-1])
        if last < first:
            raise problem("invalid-hours", f"'{part}' runs backwards",
                          "write the earlier day first, e.g. mon-fri")
        days.extend(range(first, last + 1))
    if len(set(days)) != len(days):
        raise problem("invalid-hours", f"'{value}' names a day twice", "name each day once")
    return days


def parse_hours(value: str) -> list[tuple[time, time]]:
    """'09:00-12:00, 13:00-17:00' -> [(09:00, 12:00), (13:00, 17:00)]; 24:00 closes at midnight."""
    spans = []
    for part in value.split(","):
        match = HOURS.match(part.strip())
        if not match:
            raise problem("invalid-hours", f"'{value}' is not a time range",
                          "write opening and closing time on the 24-hour clock, e.g. 09:00-17:00")
        h1, m1, h2, m2 = map(int, match.groups())
        if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2):
            raise problem("invalid-hours", f"'{part.strip()}' is not a time of day",
                          "hours run from 00 to 23 (24:00 for midnight at closing), minutes from 00 to 59")
        opens = time(h1, m1)
        closes = time.max if h2 == 24 else time(h2, m2)
        if closes <= opens:
            raise problem("invalid-hours", f"'{part.strip()}' closes before it opens",
                          "for hours past midnight write two entries, e.g. 22:00-24:00 and 00:00-06:00 the next day")
        spans.append((opens, closes))
    spans.sort()
    for (_, end), (start, _) in itertools.pairwise(spans):
        if start < end:
            raise problem("invalid-hours", f"'{value}' has overlapping times", "make the time ranges follow each other")
    return spans


_DAY = "(mon|tue|wed|thu|fri|sat|sun)"
_SPAN = "[0-9]{1,2}:[0-9]{2} ?- ?[0-9]{1,2}:[0-9]{2}"


def minutes_of_day(t: time) -> int:
    """Minutes since midnight; a closing time of 24:00 (kept as time.max) is 1440."""
    return 24 * 60 if t == time.max else t.hour * 60 + t.minute


class OpeningTimes(Schema):
    days: str = Field(json_schema_extra={"pattern": f"^{_DAY}(-{_DAY})?( ?, ?{_DAY}(-{_DAY})?)*$"})
    """The days these hours apply to: a day (mon), a range (mon-fri) or a list (mon, wed, fri)."""
    hours: str = Field(json_schema_extra={"pattern": f"^{_SPAN}( ?, ?{_SPAN})*$"})
    """When the team is open on those days, 24-hour clock: 09:00-17:00, or several ranges: 09:00-12:00, 13:00-16:00."""

    @field_validator("days")
    @classmethod
    def _days(cls, value: str) -> str:
        parse_days(value)
        return value

    @field_validator("hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        parse_hours(value)
        return value


# The type, for a class whose field is called date.
Date = date


class Closure(Schema):
    identity = "date"
    called = "closure"

    date: Date
    """The first day the team is closed (YYYY-MM-DD), e.g. a public holiday."""
    until: Date | None = None
    """The last day of a closure of several days; leave out for a single day."""
    name: Annotated[str, TRANSLATED]
    """Why, as employees will read it: 'Christmas Day', 'Office move'."""

    @field_validator("until")
    @classmethod
    def _until_after_date(cls, value: Date | None, info: ValidationInfo) -> Date | None:
        start = info.data.get("date")
        if value is not None and start is not None and value < start:
            raise problem("invalid-date", f"the closure ends ({value.isoformat()}) before it starts ({start.isoformat()})",
                          "until is the last closed day, on or after date")
        return value


class OfficeHours(Schema):
    timezone: TimeZone
    """The time zone the hours are in, e.g. Europe/Helsinki. Employees elsewhere see them converted."""
    schedule: list[OpeningTimes]
    """When the team is open. Days not listed are closed."""
    closed: list[Closure] = []
    """Public holidays and other days the team is closed although the schedule says open."""
    notes: Annotated[str | None, TRANSLATED] = None
    """Anything else about the hours, e.g. 'Closed on Finnish public holidays'."""

    @field_validator("schedule")
    @classmethod
    def _no_day_twice(cls, value: list[OpeningTimes]) -> list[OpeningTimes]:
        seen: dict[int, int] = {}
        for index, entry in enumerate(value):
            for day in parse_days(entry.days):
                if day in seen:
                    raise problem("invalid-hours",
                                  f"{DAY_NAMES[day]} is listed in entries {seen[day]} and {index}",
                                  "give each day its hours in one entry; several ranges go in one entry, separated by commas")
                seen[day] = index
        return value


# --- teams -----------------------------------------------------------------------------------

ChannelType = Literal["email", "phone", "chat", "form", "walk-in"]


def _value_when(kinds: list[str], schema: dict) -> dict:
    return {"if": {"properties": {"type": {"enum": kinds}}, "required": ["type"]},
            "then": {"properties": {"value": schema}}}


class Channel(Schema):
    # For editors: what a value must look like depends on the channel's type.
    model_config = Schema.model_config | ConfigDict(json_schema_extra={"allOf": [
        _value_when(["email"], {"format": "email", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"}),
        _value_when(["phone"], {"pattern": r"^\+[0-9][0-9 ()-]{5,}$"}),
        _value_when(["chat", "form"], {"pattern": LINK.pattern}),
    ]})
    identity = "value"
    called = "channel"

    type: ChannelType
    """How to reach the team: email, phone, chat, form (a request form) or walk-in (a desk in an office)."""
    value: str
    """The address: an email address, an international phone number (+358 …), the chat channel's or form's web address, or for walk-in where to find the desk."""
    label: Annotated[str | None, TRANSLATED] = None
    """A short name shown instead of the address, e.g. 'IT request portal'."""
    description: Annotated[str | None, TRANSLATED] = None
    """What to use this channel for, e.g. 'Quick questions', 'Anything that needs a record'."""
    categories: Annotated[list[str], Translated(paired=True)] = []
    """For a request form: the request types its drop-down offers, listed so employees pick the right one."""
    location: Slug | None = None
    """For walk-in: the office (a location id from portal.yml) where the desk is."""

    @field_validator("value")
    @classmethod
    def _value_fits_type(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("type")
        if kind == "email":
            return check_email(value)
        if kind == "phone":
            return check_phone(value)
        if kind in ("chat", "form"):
            return check_link(value)
        return value

    @field_validator("categories")
    @classmethod
    def _only_forms_have_categories(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if value and info.data.get("type") not in (None, "form"):
            raise problem("invalid-value", "only a channel of type form has categories",
                          "remove categories, or change the type to form")
        return value

    @property
    def shows_address(self) -> bool:
        """Addresses and numbers stay visible (people copy and dial them); web addresses hide behind their label."""
        return self.type in ("email", "phone", "walk-in")

    @property
    def text(self) -> str:
        """What a reader sees for the channel."""
        return self.value if self.shows_address else self.label or self.value

    @property
    def href(self) -> str | None:
        if self.type == "email":
            return f"mailto:{self.value}"
        if self.type == "phone":
            return phone_href(self.value)
        if self.type in ("chat", "form"):
            return self.value
        return None


class AfterHours(Schema):
    description: Annotated[str, TRANSLATED]
    """What to do outside office hours and what the after-hours channel is for, e.g. 'Outages and security incidents only'."""
    channels: list[Channel] = []
    """The channels that answer outside office hours, such as an on-call phone number."""


class ResponseTarget(Schema):
    # The priority stays as the team's ticket system and metrics.csv write it, in every language
    # (services and metrics name it): readers see its name, which translations translate.
    identity = "priority"
    called = "response target"

    priority: str
    """The priority's name as the team uses it, e.g. 'P1 Critical'."""
    name: Annotated[str | None, Translated(instead="priority")] = None
    """How employees see the priority when not as priority says, e.g. 'Critical'; priority stays as the ticket system and metrics.csv write it. A translation may give it in its language either way."""
    description: Annotated[str | None, TRANSLATED] = None
    """What makes a request this priority, e.g. 'Many people cannot work'."""
    first_response: Duration
    """How soon the team answers, e.g. 30 minutes, 4 hours, 1 business day."""
    resolution: Duration | None = None
    """How soon the team aims to have it solved."""

    @property
    def shown(self) -> str:
        """The priority as employees see it."""
        return self.name or self.priority


class Service(Schema):
    identity = "id"
    called = "service"

    id: Slug
    """The service's id, used in its link: …/#<id>."""
    name: Annotated[str, TRANSLATED]
    """The request type as employees know it, e.g. 'New hardware'."""
    description: Annotated[str, TRANSLATED]
    """What the service is for, in a sentence or two."""
    category: Annotated[str | None, TRANSLATED] = None
    """The category to choose in the team's request form (one of its categories)."""
    form: Url | None = None
    """Another form to use for this service; defaults to the team's request form."""
    include: Annotated[list[str], TRANSLATED] = []
    """What to put in the request so the team can act at once, e.g. 'The laptop's asset tag'."""
    priorities: list[str] = []
    """The priorities (from response_targets) this service is handled at; empty means all."""
    keywords: Annotated[list[str], TRANSLATED] = []
    """Words employees use for this service, for the topic index and search."""


class Team(Schema):
    """content/teams/<team-id>/team.yml: who the team is and how to reach it."""

    name: Annotated[str, TRANSLATED]
    """The team's name as employees know it, e.g. 'IT help desk'."""
    summary: Annotated[str, TRANSLATED]
    """One or two sentences: what the team helps employees with."""
    owners: list[Owner] = []
    """Repository handles of the people who keep this folder right (@user or @org/team); they review its changes."""
    keywords: Annotated[list[str], TRANSLATED] = []
    """Words employees use for what the team does ('laptop', 'password', 'payslip'), for search and the topic index."""
    locations: list[Slug] = []
    """The offices the team serves (location ids from portal.yml); empty means all."""
    channels: list[Channel] = []
    """How to reach the team, most preferred first."""
    office_hours: OfficeHours | None = None
    """When the team answers."""
    after_hours: AfterHours | None = None
    """What to do when the team is closed."""
    response_targets: list[ResponseTarget] = []
    """How soon the team commits to answer, per priority, most urgent first."""
    services: list[Service] = []
    """The kinds of request the team handles, each with its form, what to include and its targets."""
    escalation: Annotated[str | None, TRANSLATED] = None
    """What to do when a target is missed, e.g. whom to contact."""

    @property
    def timezone(self) -> str:
        """The time zone the team's times are in: its office hours', else UTC."""
        return self.office_hours.timezone if self.office_hours else "UTC"


# --- FAQ and benefits ------------------------------------------------------------------------

class FaqEntry(Schema):
    identity = "id"
    called = "question"

    id: Slug
    """The question's id, used in its link: …/faq/#<id>. Keep it when rewording the question."""
    question: Annotated[str, TRANSLATED]
    """The question as an employee would ask it."""
    answer: Annotated[str, TRANSLATED]
    """The answer, in Markdown."""
    tags: Annotated[list[str], TRANSLATED] = []
    """Extra words that should find this question."""
    featured: bool = False
    """Show this question among the most asked questions on the home page."""
    locations: list[Slug] = []
    """The offices the answer applies to (location ids); empty means all."""
    audience: Slug | None = None
    """Who may read the answer: an audience id from portal.yml, e.g. managers. Restricted content is left out of the default site and built only with portal build --audience."""


class FaqFile(Schema):
    """content/teams/<team-id>/faq.yml: the team's frequently asked questions."""

    questions: list[FaqEntry]
    """The questions, most asked first."""


class Eligibility(Schema):
    locations: list[Slug] = []
    """Offices whose employees get the benefit (location ids); empty means all."""
    employment_types: list[Slug] = []
    """Employment types that get the benefit (ids from portal.yml); empty means all."""
    waiting_period: Duration | None = None
    """How long after joining the benefit starts, e.g. 3 months."""
    notes: Annotated[str | None, TRANSLATED] = None
    """Anything else about who qualifies."""


class Benefit(Schema):
    identity = "id"
    called = "benefit"

    id: Slug
    """The benefit's id, used in its link: /benefits/#<id>. Unique across the organisation."""
    name: Annotated[str, TRANSLATED]
    """The benefit's name, e.g. 'Parental leave'."""
    category: Annotated[str, TRANSLATED]
    """The group it is listed under in the catalogue, e.g. 'Health', 'Leave', 'Learning', 'Perks'."""
    summary: Annotated[str, TRANSLATED]
    """One or two sentences: what the employee gets."""
    eligibility: Eligibility = Eligibility()
    """Who gets it."""
    how_to_claim: Annotated[str, TRANSLATED]
    """How to claim or use it, in Markdown."""
    details: Annotated[str | None, TRANSLATED] = None
    """Anything else worth knowing, in Markdown."""
    contact: Slug | None = None
    """The team to ask (a team id); defaults to the team whose file lists the benefit."""
    audience: Slug | None = None
    """Who may read about the benefit: an audience id from portal.yml, e.g. managers. Restricted content is left out of the default site and built only with portal build --audience."""


class BenefitsFile(Schema):
    """content/teams/<team-id>/benefits.yml: the benefits the team administers."""

    benefits: list[Benefit]
    """The benefits."""


# --- Markdown front matter -------------------------------------------------------------------

class ArticleMeta(Schema):
    """What the front matter of every team Markdown file may hold."""

    title: Annotated[str, TRANSLATED]
    """The title, e.g. 'Report an IT outage'."""
    summary: Annotated[str | None, TRANSLATED] = None
    """One sentence: what it is about, or when to use it."""
    owner: Owner | None = None
    """The person responsible for keeping it right (@handle or email address)."""
    tags: Annotated[list[str], TRANSLATED] = []
    """Extra words that should find it."""
    locations: list[Slug] = []
    """The offices it applies to (location ids); empty means all."""
    audience: Slug | None = None
    """Who may read the page: an audience id from portal.yml, e.g. managers. Restricted content is left out of the default site and built only with portal build --audience."""


class SopMeta(ArticleMeta):
    """Front matter of content/teams/<team-id>/sops/<slug>.md: a standard operating procedure."""

    reviewed: date
    """When the procedure was last checked to be right (YYYY-MM-DD)."""
    review_every: Duration = "12 months"
    """How often it must be reviewed, e.g. 6 months, 1 year."""


class PageMeta(ArticleMeta):
    """Front matter of content/teams/<team-id>/pages/<slug>.md: any other page of the team."""

    reviewed: date | None = None
    """When the page was last checked to be right (YYYY-MM-DD)."""
    review_every: Duration | None = None
    """How often it must be reviewed; with reviewed, an overdue review is reported."""


def whole_day(value):
    """A date alone, as an end, is the whole of that day."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value + timedelta(days=1), time())
    return value


Moment = Annotated[datetime, BeforeValidator(whole_day), _text(pattern=r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?)?$")]


class NewsMeta(Schema):
    """Front matter of content/news/<YYYY-MM-DD>-<slug>.md: an announcement."""

    title: Annotated[str, TRANSLATED]
    """The announcement's headline."""
    summary: Annotated[str | None, TRANSLATED] = None
    """One sentence shown in the list of news."""
    team: Slug | None = None
    """The team announcing it (a team id)."""
    audience: Slug | None = None
    """Who may read the announcement: an audience id from portal.yml, e.g. managers. Restricted content is left out of the default site and built only with portal build --audience."""
    ends: Moment | None = None
    """When an urgent notice stops showing, e.g. 2026-12-01 18:00: in the time zone of the organisation's first office unless it says so (2026-12-01 18:00+02:00); a date alone means the end of that day. Readers' browsers hide the banner at that moment even if the site is not rebuilt."""
    urgent: bool = False
    """An urgent notice (an outage, an office closure): shown in a banner on top of every page of every language until it ends, and first in What's new and the feed. Needs ends."""

    @field_validator("urgent")
    @classmethod
    def _urgent_ends(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("ends") is None:
            raise problem("missing-field", "an urgent notice needs an end, or it would stay on every page for ever",
                          "add ends: with the date and time it stops showing, e.g. ends: 2026-12-01 18:00")
        return value


class SynonymsFile(Schema):
    """content/synonyms.yml: words employees use for the same thing, so search finds them all."""

    synonyms: list[list[str]]
    """Groups of words or phrases that mean the same, e.g. [annual leave, vacation, holiday, PTO]. The first is the official one."""

    @field_validator("synonyms")
    @classmethod
    def _groups_have_two_members(cls, value: list[list[str]]) -> list[list[str]]:
        for group in value:
            if len(group) < 2:
                raise problem("invalid-value", f"the group {group} has fewer than two words",
                              "a group lists at least two words that mean the same; remove it or add a synonym")
        return value


# --- a team's navigation --------------------------------------------------------------------

TEAM_FILE = re.compile(r"^(?:sops|pages)/[a-z0-9]+(?:-[a-z0-9]+)*\.md$")


def check_team_file(value: str) -> str:
    if not TEAM_FILE.match(value):
        raise problem("invalid-value", f"'{value}' is not the path of a page or procedure of the team",
                      "write its path below the team folder, e.g. pages/holidays.md or sops/report-an-outage.md")
    return value


TeamFile = Annotated[str, AfterValidator(check_team_file), _text(pattern=TEAM_FILE.pattern)]


def _a_path_or_a_section(schema: dict) -> None:
    # An entry is written as a path alone, or as a section: editors are told both are right.
    section = dict(schema)
    schema.clear()
    schema["anyOf"] = [{"type": "string", "pattern": TEAM_FILE.pattern}, section]


class NavEntry(Schema):
    """An entry of a team's navigation: one of its pages (written as its path alone, e.g.
    pages/holidays.md), or a section: a title over pages and sections."""

    model_config = ConfigDict(json_schema_extra=_a_path_or_a_section)

    title: str | None = None
    """A section's title in the navigation, e.g. 'Onboarding'."""
    page: TeamFile | None = None
    """The page, by its path below the team folder (pages/holidays.md); in a section, the section's own page, shown first."""
    nav: list["NavEntry"] = []
    """A section's pages and sections, in the order readers see them."""

    @model_validator(mode="before")
    @classmethod
    def _path_alone(cls, value: object) -> object:
        return {"page": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _a_page_or_a_section(self) -> "NavEntry":
        if self.title is None and self.nav:
            raise problem("missing-field", "a section without a title",
                          "add title: with the section's name above its nav:")
        if self.title is None and self.page is None:
            raise problem("missing-field", "an entry that is neither a page nor a section",
                          "write a page's path (pages/holidays.md), or a section with title: and nav:")
        return self


class TeamNav(Schema):
    """content/teams/<team-id>/nav.yml: the order of the team's pages in the navigation, and the sections that group them."""

    nav: list[NavEntry]
    """The team's pages and sections in the order readers see them; pages not listed follow them, by title."""


# --- organisation ----------------------------------------------------------------------------

class Location(Schema):
    identity = "id"
    called = "office"

    id: Slug
    """The id other files use for this office, e.g. helsinki."""
    name: Annotated[str, TRANSLATED]
    """The office's name, e.g. 'Helsinki'."""
    country: Country
    """Two-letter country code, e.g. FI."""
    timezone: TimeZone
    """The office's time zone, e.g. Europe/Helsinki."""
    address: str | None = None
    """The street address."""


class EmploymentType(Schema):
    identity = "id"
    called = "employment type"

    id: Slug
    """The id benefits use for this employment type, e.g. permanent."""
    name: Annotated[str, TRANSLATED]
    """The name employees know, e.g. 'Permanent employee'."""


class Audience(Schema):
    identity = "id"
    called = "audience"

    id: Slug
    """The id content uses in audience:, e.g. managers."""
    name: Annotated[str, TRANSLATED]
    """Who they are, e.g. 'People managers'; restricted pages say whom they are for."""


class Feedback(Schema):
    via: Literal["email", "form"] = "email"
    """How feedback on a page reaches its owning team: email (a prefilled email to the team's first email address) or form."""
    form: Url | None = None
    """With via: form, the form's address; {url} and {title} are replaced by the page's, e.g. https://forms.example.com/feedback?page={url}&title={title}."""

    @field_validator("form")
    @classmethod
    def _form_names_the_page(cls, value: str | None) -> str | None:
        if value is not None and "{url}" not in value:
            raise problem("invalid-url", f"'{value}' does not say where the page's address goes",
                          "put {url} (and {title} if the form takes it) where the form expects them")
        return value


EDIT_PLACES = ("url", "branch", "path")


class Repository(Schema):
    url: WebUrl
    """The content repository's web address, e.g. https://github.com/aurora/intranet."""
    branch: Annotated[str, _text(pattern=BRANCH.pattern)] = "main"
    """The branch the site is built from."""
    edit: str = "{url}/edit/{branch}/{path}"
    """How an edit link is made; {url}, {branch} and {path} (the file's path in the repository) are filled in. The default suits GitHub; GitLab uses {url}/-/edit/{branch}/{path}."""

    @field_validator("branch")
    @classmethod
    def _branch_name(cls, value: str) -> str:
        if not BRANCH.match(value) or ".." in value:
            raise problem("invalid-value", f"'{value}' is not a branch name",
                          "write the branch's name as git shows it, e.g. main")
        return value

    @field_validator("edit")
    @classmethod
    def _only_known_places(cls, value: str, info: ValidationInfo) -> str:
        hint = "use {url}, {branch} and {path}, e.g. {url}/-/edit/{branch}/{path}; write a brace itself as {{ or }}"
        try:
            fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(value)
                      if name is not None]
        except ValueError:
            raise problem("invalid-url", f"'{value}' has a brace that opens or closes nothing", hint) from None
        for name, spec, conversion in fields:
            # Only the bare names: {url.__class__} or {path!r} would reach into Python's objects.
            if name not in EDIT_PLACES or spec or conversion:
                raise problem("invalid-url", f"{{{name}{'!' + conversion if conversion else ''}"
                              f"{':' + spec if spec else ''}}} is not a place the portal fills in", hint)
        # What it makes, for a sample file, must be an address a reader can follow.
        check_link(value.format(url=info.data.get("url") or "https://example.com", branch="main", path="content/x.md"))
        return value


class Matomo(Schema):
    url: WebUrl
    """The address of the organisation's own Matomo, e.g. https://analytics.example.com/: the site loads matomo.js from there and reports to its matomo.php."""
    site_id: int = Field(ge=1)
    """This site's id in that Matomo (Administration > Websites > Manage)."""


class Analytics(Schema):
    matomo: Matomo | None = None
    """The organisation's own Matomo: the site reports page views, searches with their number of results (Matomo's Site Search report, zero-result searches included), the search results employees open with their rank, and every "Was this helpful?" answer with its page and team (Matomo's Events)."""


class PortalSettings(Schema):
    """content/portal.yml: the organisation as a whole."""

    organisation: str
    """The organisation's name, shown in the site header."""
    tagline: Annotated[str | None, TRANSLATED] = None
    """A sentence under the name on the home page."""
    welcome: Annotated[str | None, TRANSLATED] = None
    """Text for the top of the home page, in Markdown."""
    help_desk: Slug | None = None
    """The team employees should ask when they do not know whom to ask (a team id)."""
    locations: list[Location]
    """The organisation's offices."""
    employment_types: list[EmploymentType] = []
    """The kinds of contract employees have, which benefits refer to."""
    languages: list[LanguageCode] = ["en"]
    """The languages content is written in; the first is the one originals are written in. Translations sit beside their originals: name.fi.md, faq.fi.yml."""
    audiences: list[Audience] = []
    """Restricted audiences: content marked for one is published only in that audience's build, behind the intranet's access control."""
    feedback: Feedback = Feedback()
    """Where "Was this helpful?" and "Report a problem with this page" send employees."""
    repository: Repository | None = None
    """Where the content lives, for "Edit this page" links to each page's source file."""
    embeds: list[WebUrl] = []
    """Origins whose pages owners may embed with <iframe>, e.g. https://videos.example.com; no others."""
    analytics: Analytics = Analytics()
    """Web analytics the organisation runs on its own servers; without it (the default) the site sends nothing anywhere."""
    media: list[WebUrl] = []
    """Origins owners' images, video and audio may load from, e.g. https://media.example.com; by default only the site itself, so no reader's browser asks another server."""

    @field_validator("languages")
    @classmethod
    def _one_original_language(cls, value: list[str]) -> list[str]:
        if not value:
            raise problem("invalid-value", "no language is listed",
                          "list the language originals are written in first, e.g. languages: [en], "
                          "or leave languages out for English")
        twice = sorted({code for code in value if value.count(code) > 1})
        if twice:
            raise problem("invalid-value", f"{', '.join(twice)} is listed more than once", "name each language once")
        return value


# --- translations ----------------------------------------------------------------------------
# A translation file has its original's shape with only its text: the fields marked Translated,
# each list entry named by its identity. The schemas below are derived from the originals, so a
# field marked Translated is translatable everywhere at once; what is not text (addresses, dates,
# hours, ids) has no place in them, and writing it there is reported as such.


def _schema_in(annotation: Any) -> tuple[type[Schema] | None, bool]:
    """The schema a field holds (directly, optionally or as a list) and whether it is a list."""
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        return annotation, False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, typing.Annotated, list):
        for arg in typing.get_args(annotation):
            found, many = _schema_in(arg)
            if found is not None:
                return found, many or origin is list
    return None, False


def translated_fields(cls: type[Schema]) -> dict[str, Translated]:
    """The fields of cls a translation may give, with their markers."""
    return {name: marker for name, f in cls.model_fields.items()
            for marker in f.metadata if isinstance(marker, Translated)}


def nested_translatable(cls: type[Schema]) -> list[tuple[str, type[Schema], bool]]:
    """(field, its schema, whether it is a list) for the fields of cls holding entries with text
    to translate."""
    found = []
    for name, f in cls.model_fields.items():
        inner, many = _schema_in(f.annotation)
        if inner is not None and translation_of(inner) is not None:
            found.append((name, inner, many))
    return found


class TranslationSchema(Schema):
    # Its models are derived (translation_of) with every field's description given: looking for
    # docstrings in their source, which they have none of, cost half of this module's import.
    model_config = Schema.model_config | ConfigDict(use_attribute_docstrings=False)

    original: ClassVar[type[Schema]]
    """The schema this translates: what a key that is not translated belongs to."""


_TRANSLATIONS: dict[type[Schema], type[TranslationSchema] | None] = {}


def translation_of(cls: type[Schema], doc: str | None = None, name: str | None = None) -> type[TranslationSchema] | None:
    """The schema of cls's translation: its identity, its Translated fields (all optional: what a
    translation leaves out shows as written) and its entries with text; None when it has no text."""
    if cls in _TRANSLATIONS and doc is None:
        return _TRANSLATIONS[cls]
    _TRANSLATIONS[cls] = None  # while deriving: a schema that contains itself adds nothing
    fields: dict[str, Any] = {}
    if cls.identity is not None:
        f = cls.model_fields[cls.identity]
        kind = Annotated[f.annotation, *f.metadata] if f.metadata else f.annotation
        fields[cls.identity] = (kind,
                                Field(description=f"Which entry of the original this translates: its {cls.identity} "
                                                  "exactly as written there. It is not translated."))
    for field, f in cls.model_fields.items():
        if field in translated_fields(cls):
            # The original's type, not made optional: an editor offers text, and null is refused.
            fields[field] = (f.annotation, Field(None, description=f.description))
    for field, inner, many in nested_translatable(cls):
        inner_translation = translation_of(inner)
        if many and inner.identity is None:
            raise TypeError(f"{inner.__name__} is listed in {cls.__name__}.{field} and has text to translate: "
                            "give it an identity, so a translation can name each entry")
        kind = list[inner_translation] if many else inner_translation  # type: ignore[valid-type]
        fields[field] = (kind, Field([] if many else None, description=cls.model_fields[field].description))
    if not fields or list(fields) == [cls.identity]:
        return None
    named = f" named by its {cls.identity}" if cls.identity else ""
    model = create_model(name or f"Translated{cls.__name__}", __base__=TranslationSchema,
                         __doc__=doc or f"A {cls.__name__}{named}, with its text in another language.", **fields)
    model.original = cls
    model.identity = cls.identity
    _TRANSLATIONS[cls] = model
    return model


def _file_translation(cls: type[Schema], doc: str, name: str | None = None) -> type[TranslationSchema]:
    model = translation_of(cls, doc, name)
    if model is None:
        raise TypeError(f"{cls.__name__} has nothing to translate")
    return model


TranslatedTeam = _file_translation(
    Team, "content/teams/<team-id>/team.<lang>.yml: the text of team.yml in another language, each entry named as "
          "team.yml names it (a channel by its value, a closure by its date, a response target by its priority, a "
          "service by its id). What it leaves out shows as written.")
TranslatedFaqFile = _file_translation(
    FaqFile, "content/teams/<team-id>/faq.<lang>.yml: translations of questions in faq.yml, each named by its id "
             "(any of them; the others show in the original language).")
TranslatedBenefitsFile = _file_translation(
    BenefitsFile, "content/teams/<team-id>/benefits.<lang>.yml: translations of benefits in benefits.yml, each named "
                  "by its id (any of them; the others show in the original language).")
TranslatedPortal = _file_translation(
    PortalSettings, "content/portal.<lang>.yml: the home page's texts, and the names of offices, employment types "
                    "and audiences (each named by its id), in another language.", "TranslatedPortal")
TranslatedArticle = _file_translation(
    ArticleMeta, "Front matter of a translated procedure, page or announcement (name.<lang>.md beside the original). "
                 "Everything else (owner, review dates, offices, audience) is the original's.", "TranslatedArticle")

# Every schema an owner edits, for documentation and (later) JSON Schema export.
CONTENT_SCHEMAS: tuple[type[Schema], ...] = (
    PortalSettings, Team, FaqFile, BenefitsFile, SopMeta, PageMeta, NewsMeta, SynonymsFile, TeamNav,
    TranslatedPortal, TranslatedTeam, TranslatedFaqFile, TranslatedBenefitsFile, TranslatedArticle,
)


def add_duration(start: date, value: str) -> date:
    """The date a duration after start: months and years by the calendar, the 31st clamped;
    past the last date there is (a review of 9999-06-01 every year), that last date."""
    number, unit = duration_parts(value)
    try:
        if unit in ("month", "year"):
            months = start.month - 1 + number * (12 if unit == "year" else 1)
            year, month = start.year + months // 12, months % 12 + 1
            return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
        return start + timedelta(minutes=number * MINUTES[unit])
    except (ValueError, OverflowError):
        return date.max
