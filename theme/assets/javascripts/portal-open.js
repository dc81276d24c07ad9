/* "Open now" on a team's contact card, computed in the visitor's browser.
 *
 * The card carries the team's schedule (minutes since midnight per weekday, Monday 0) and
 * closed days, in the team's time zone. The badge says whether the team is open at this
 * moment and, when it is not, when it opens next, in the team's time and in the visitor's.
 */
(() => {
  "use strict";

  // The page's language: its words from theme/labels.yml, and the locale the generator wrote
  // the page in (its numbering system and calendar too, via main.html), for Intl's CLDR data:
  // weekday names, times as the office-hours table writes them ("9.00" in Finnish, "۹:۰۰" in Persian).
  const labels = JSON.parse(document.getElementById("portal-labels").textContent);
  const locale = JSON.parse(document.getElementById("portal-locale").textContent);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key]);
  // Owner text (a closure's name) and a zone's name keep their own direction inside the
  // sentence: first-strong isolates, the plain-text <bdi>.
  const isolate = (text) => `\u2068${text}\u2069`;
  // Intl's date formatters, each made once: making one costs far more than formatting with it,
  // and a card formats dozens of instants as the page loads.
  const formats = new Map();
  const dateFormat = (locales, options) => {
    const key = JSON.stringify([locales, options]);
    if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat(locales, options));
    return formats.get(key);
  };
  const dayNames = (width) => [...Array(7).keys()].map((n) =>  // 1 January 2024 was a Monday
    dateFormat(locale, { weekday: width, timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + n))));
  const DAYS = dayNames("long");
  const SHORT_DAYS = dayNames("short");
  const WEEKDAY = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
  const pad = (n) => String(n).padStart(2, "0");
  // "09:00" as ISO 8601 writes it, to compute with; never shown.
  const clock = (minutes) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  // A time of day (minutes since midnight) as the page's language writes it: CLDR's short time.
  const shortTime = dateFormat(locale, { timeStyle: "short", timeZone: "UTC" });
  const time = (minutes) => shortTime.format(new Date(Date.UTC(2024, 0, 1, Math.floor(minutes / 60), minutes % 60)));

  // The wall-clock date, weekday and minute of an instant in a time zone.
  function wall(instant, timeZone) {
    const parts = Object.fromEntries(dateFormat("en-GB-u-nu-latn", {
      timeZone, year: "numeric", month: "2-digit", day: "2-digit", weekday: "short",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(instant).map((p) => [p.type, p.value]));
    return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday: WEEKDAY[parts.weekday],
      minutes: Number(parts.hour) * 60 + Number(parts.minute) };
  }

  const addDays = (isoDate, days) => {
    const d = new Date(`${isoDate}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };

  // The instant at which a wall-clock time occurs in a time zone (via its offset then).
  function instantOf(isoDate, minutes, timeZone) {
    const guess = Date.parse(`${isoDate}T${clock(minutes)}:00Z`);
    let instant = guess;
    for (let i = 0; i < 2; i++) {
      const seen = wall(new Date(instant), timeZone);
      const seenUtc = Date.parse(`${seen.date}T${clock(seen.minutes)}:00Z`);
      instant += guess - seenUtc;
    }
    return new Date(instant);
  }

  function status(spec, now) {
    const here = wall(now, spec.timezone);
    const closure = (date) => spec.closed.find(([from, to]) => from <= date && date <= to);
    const spansOn = (date, weekday) => (closure(date) ? [] : spec.schedule[weekday] || []);
    const open = spansOn(here.date, here.weekday).find(([a, b]) => a <= here.minutes && here.minutes < b);
    if (open) return { open: true, until: open[1], date: here.date };
    for (let k = 0; k < 28; k++) {
      const date = addDays(here.date, k), weekday = (here.weekday + k) % 7;
      const next = spansOn(date, weekday).find(([a]) => k > 0 || a > here.minutes);
      if (next) return { open: false, closure: closure(here.date), date, weekday, at: next[0], days: k };
    }
    return { open: false, closure: closure(here.date) };
  }

  function describe(spec, now) {
    const s = status(spec, now);
    const visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const elsewhere = visitorZone !== spec.timezone;
    // An instant in the visitor's own time, with its weekday there when asked.
    const local = (instant, withDay) => {
      const at = dateFormat(locale, { timeStyle: "short" }).format(instant);
      return withDay ? `${dateFormat(locale, { weekday: "long" }).format(instant)} ${at}` : at;
    };
    if (s.open) {
      const until = s.until >= 24 * 60 ? labels.midnight : time(s.until);
      const yours = elsewhere && s.until < 24 * 60
        ? " " + fill(labels.your_time, { time: local(instantOf(s.date, s.until, spec.timezone), false) }) : "";
      return { open: true, text: fill(labels.open_until, { time: until }) + yours };
    }
    let text = labels.closed + (s.closure ? ` (${isolate(s.closure[2])})` : "");
    if (s.at !== undefined) {
      const day = dateFormat(locale, { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
      const when = s.days >= 7 ? day.format(new Date(`${s.date}T00:00:00Z`)) : DAYS[s.weekday];
      text += " · " + fill(labels.opens, { when, time: time(s.at) });
      if (elsewhere) text += " " + fill(labels.your_time, { time: local(instantOf(s.date, s.at, spec.timezone), true) });
    }
    return { open: false, text };
  }

  // The team's hours this week, in the visitor's own time: "Mon–Fri 04:00–12:00".
  function yourHours(spec, now) {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone === spec.timezone) return null;
    const here = wall(now, spec.timezone);
    // The visitor's weekday at an instant, and a span of time there as the language writes one.
    const weekdayAt = (instant) => SHORT_DAYS[wall(instant, zone).weekday];
    const span = dateFormat(locale, { timeStyle: "short", timeZone: zone });
    const zoneName = dateFormat(locale, { timeZone: zone, timeZoneName: "longGeneric" })
      .formatToParts(now).find((p) => p.type === "timeZoneName")?.value || zone;
    const list = new Intl.ListFormat(locale, { type: "unit", style: "short" });
    const rows = [];
    for (let day = 0; day < 7; day++) {
      const spans = spec.schedule[day];
      if (!spans) continue;
      const date = addDays(here.date, (day - here.weekday + 7) % 7);
      const text = spans.map(([a, b]) => {
        const [from, to] = [instantOf(date, a, spec.timezone), instantOf(date, Math.min(b, 24 * 60 - 1), spec.timezone)];
        return { day: weekdayAt(from), text: span.formatRange(from, to) };
      });
      const last = rows[rows.length - 1];
      const label = list.format(text.map((t) => t.text));
      if (last && last.label === label && last.next === day) { last.to = text[0].day; last.next = day + 1; }
      else rows.push({ from: text[0].day, to: null, label, next: day + 1 });
    }
    return fill(labels.in_your_time, { zone: isolate(zoneName) })
      + rows.map((r) => `${r.to ? `${r.from}–${r.to}` : r.from} ${isolate(r.label)}`).join("; ") + ".";
  }

  function update() {
    for (const badge of document.querySelectorAll("[data-portal-open]")) {
      const { open, text } = describe(JSON.parse(badge.dataset.portalOpen), new Date());
      badge.textContent = text;
      badge.hidden = false;
      badge.classList.toggle("portal-open--open", open);
      const card = badge.closest(".portal-card");
      card?.classList.toggle("portal-card--closed", !open);
      const yours = card?.querySelector(".portal-hours__yours");
      const converted = yourHours(JSON.parse(badge.dataset.portalOpen), new Date());
      if (yours && converted) { yours.textContent = converted; yours.hidden = false; }
    }
  }

  update();
  setInterval(update, 60 * 1000);
})();
