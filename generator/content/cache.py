"""The readings of owner texts, kept between runs: only the texts that changed are parsed again.

`portal check` and `portal build` read every owner text (content.markdown); most are the same
as in the run before. The store keeps each text's parse, its places in the files it is written
at, and notes on it (the sanitiser's verdict, content.markdown.Reader.remember) in one JSON
file in the build directory, `build/cache/markdown.json`, which is safe to delete.

What the store says decides whether a text is judged safe, so a stored entry must be one this
portal wrote, for this text, with this code and these settings:
- an entry is keyed on a hash of the text itself (and of the title and the place it is read
  at); the file as a whole is valid for one context (the generator's code, the versions of the
  packages that render Markdown, the Markdown settings of mkdocs.yml), and a file written for
  another is ignored; a verdict is noted under the sanitiser policy it was judged by (portal.yml's
  embeds and media), and judged again under another;
- the file is signed with a key kept outside the repository and the build directory (the
  user's cache folder, made once, readable by its owner only), so a file planted in build/, by
  a commit or by anyone who cannot read that key, is ignored, and so is one that is not JSON or
  not what this module writes: the texts are then read as if there were no store;
- it is never unpickled or executed: JSON, whose values are checked as they are decoded;
- it is replaced in one step (a new file renamed over it), and processes that save at once
  take turns on a lock and merge what each read, so none is lost and none is corrupt;
- it keeps what the last runs used (KEEP_RUNS), so texts edited away are dropped.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from functools import lru_cache, partial
from importlib import metadata
from pathlib import Path

FORMAT = 1
FILE = "markdown.json"
KEEP_RUNS = 5  # an entry no run of the last five used is dropped
KEY_BYTES = 32


@lru_cache(maxsize=1)
def code_version() -> str:
    """The generator's code and the packages that shape a reading: a change to any of them makes
    every stored reading stale. Its source files are hashed (about a megabyte: milliseconds)."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"?")
        digest.update(b"\0")
    for name in ("markdown", "nh3", "pymdown-extensions"):
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def fingerprint(value: object) -> str:
    """A stable text for settings that may hold functions or classes (Markdown extensions' options):
    named by their module and name, never by their address, which changes every run."""
    def named(thing: object) -> str:
        name = getattr(thing, "__qualname__", None) or type(thing).__qualname__
        module = getattr(thing, "__module__", None) or type(thing).__module__
        return f"<{module}.{name}>"

    return json.dumps(value, sort_keys=True, default=named, ensure_ascii=False)


def key_file() -> Path:
    """Where the signing key is kept: the user's cache folder, outside every repository."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "knowledge-portal" / "cache-key"


def signing_key() -> bytes | None:
    """The key this user's stores are signed with, made on first use; None when it cannot be read
    or made (then nothing is kept between runs)."""
    path = key_file()
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError):
        return None
    if not text:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cache-key-")
            try:
                os.write(fd, os.urandom(KEY_BYTES).hex().encode("ascii"))
                os.close(fd)
                with contextlib.suppress(FileExistsError):  # another process made it first: theirs holds
                    os.link(tmp, path)
            finally:
                os.unlink(tmp)
            text = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        return None
    return key if len(key) == KEY_BYTES else None


def _sign(key: bytes, *parts: bytes) -> str:
    digest = hmac.new(key, digestmod=hashlib.blake2b)
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


class ReadingStore:
    """The stored readings of one context (code version and Markdown settings), in folder.

    The file is three lines: the signature of the second, the entries (JSON: what the checks read
    of every text, its places and notes), and the larger parts of the parses (JSON: each a signed
    string of JSON, decoded only when a text's HTML or sections are asked for, so a check that
    reads nothing new does not decode them)."""

    def __init__(self, folder: Path, context: object, key: bytes | None = None, name: str = FILE):
        self.path = folder / name
        self.context = fingerprint(context) + code_version()
        self.secret = signing_key() if key is None else key
        self.run = time.time_ns()  # this run's mark on what it used (forked workers share it)
        self.parses: dict[str, dict] = {}
        self.placements: dict[str, dict] = {}
        self.heavy: dict[str, list] = {}  # parse key -> [signature, JSON text]
        self._heavy_text: Callable[[], bytes] | None = None  # the file's third line, until it is needed
        self.runs: list[int] = []
        self.used: set[str] = set()
        self.added: set[str] = set()  # the keys of parses this run put (or noted on): see added_entries
        self.added_placements: set[str] = set()
        self.unsaved: set[str] = set()  # the keys of larger parts not written to the file yet
        self._parse_keys: dict[tuple[str, str | None], str] = {}
        self.changed = False
        if self.secret is not None:
            self.parses, self.placements, self.runs, self._heavy_text = self._load()

    @staticmethod
    def key(*parts: object) -> str:
        """The key of a text read as parts say (its source, title, and where it is written)."""
        digest = hashlib.blake2b(digest_size=20)
        for part in parts:  # each part's kind and length first, so no two lists of parts read alike
            data = b"" if part is None else str(part).encode("utf-8", "surrogatepass")
            digest.update(f"{type(part).__name__}:{len(data)}:".encode() + data)
        return digest.hexdigest()

    def parse_key(self, source: str, title: str | None) -> str:
        """key(source, title), worked out once a run (texts are looked up before and as they are read)."""
        found = self._parse_keys.get((source, title))
        if found is None:
            found = self._parse_keys[(source, title)] = self.key(source, title)
        return found

    def _load(self) -> tuple[dict[str, dict], dict[str, dict], list[int], Callable[[], bytes]]:
        """The file's entries when it is this user's, for this context, and well formed; else none."""
        nothing: tuple[dict, dict, list, Callable[[], bytes]] = ({}, {}, [], bytes)
        try:
            f = self.path.open("rb")
        except OSError:
            return nothing
        try:
            signature, body = f.readline().rstrip(b"\n"), f.readline().rstrip(b"\n")
        except OSError:
            f.close()
            return nothing

        def heavy() -> bytes:
            """The third line, read when first needed: from the same file, though another run may
            have replaced the one at the path since."""
            try:
                with f:
                    return f.read()
            except (OSError, ValueError):
                return b""

        assert self.secret is not None
        if not hmac.compare_digest(signature, _sign(self.secret, body).encode("ascii")):
            f.close()
            return nothing
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            f.close()
            return nothing
        if (not isinstance(data, dict) or data.get("format") != FORMAT or data.get("context") != self.context
                or not isinstance(data.get("parses"), dict) or not isinstance(data.get("placements"), dict)
                or not isinstance(data.get("runs"), list) or not all(type(r) is int for r in data["runs"])):
            f.close()
            return nothing
        parses = {k: v for k, v in data["parses"].items() if isinstance(v, dict) and type(v.get("run")) is int}
        placements = {k: v for k, v in data["placements"].items()
                      if isinstance(v, dict) and type(v.get("run")) is int and v.get("parse") in parses}
        return parses, placements, data["runs"], heavy

    def _heavy_entries(self) -> dict[str, list]:
        """The larger parts of the file (parsed once, when first needed), under this run's own."""
        if self._heavy_text is not None:
            found = _json_dict(self._heavy_text())
            self._heavy_text = None
            self.heavy = {**found, **self.heavy}
        return self.heavy

    def parse(self, key: str) -> tuple[object, Callable[[], object]] | None:
        """A text's parse: what the checks read of it, and how to get the rest (None when that is
        not what this store signed for this key)."""
        entry = self.parses.get(key)
        if entry is None:
            return None
        self._use(entry, key)

        def heavy() -> object:
            found = self._heavy_entries().get(key)
            if not (isinstance(found, list) and len(found) == 2 and isinstance(found[0], str)
                    and isinstance(found[1], str)):
                return None
            assert self.secret is not None
            if not hmac.compare_digest(found[0], self._sign_part(key, found[1])):
                return None
            try:
                return json.loads(found[1])
            except (ValueError, RecursionError):
                return None

        return entry.get("data"), heavy

    def placement(self, key: str) -> dict | None:
        entry = self.placements.get(key)
        if entry is None or entry.get("parse") not in self.parses:
            return None
        self._use(entry, key)
        return entry.get("data")

    def note(self, parse_key: str, name: str) -> object | None:
        entry = self.parses.get(parse_key)
        notes = entry.get("notes") if entry else None
        return notes.get(name) if isinstance(notes, dict) else None

    def put_parse(self, key: str, light: dict, heavy: dict) -> None:
        text = json.dumps(heavy, ensure_ascii=False, separators=(",", ":"))
        if self.secret is not None:
            self.heavy[key] = [self._sign_part(key, text), text]
            self.unsaved.add(key)
        self.parses[key] = {"data": light, "run": self.run, "notes": {}}
        self._use(self.parses[key], key)
        self.added.add(key)
        self.changed = True

    def _sign_part(self, key: str, text: str) -> str:
        """A larger part's signature: for this context and this key (a part is not valid for
        another text, nor under other settings, in whatever file it is found)."""
        assert self.secret is not None
        return _sign(self.secret, self.context.encode(), key.encode(), text.encode("utf-8", "surrogatepass"))

    def put_placement(self, key: str, parse_key: str, data: dict) -> None:
        self.placements[key] = {"data": data, "parse": parse_key, "run": self.run}
        self._use(self.placements[key], key)
        self.added_placements.add(key)
        self.changed = True

    def put_note(self, parse_key: str, name: str, value: object) -> None:
        entry = self.parses.get(parse_key)
        if entry is None:
            return
        # One note of a kind: a verdict under the policy of before is not kept beside today's.
        kind = name.partition(":")[0]
        notes = {n: v for n, v in (entry.get("notes") or {}).items() if n.partition(":")[0] != kind}
        entry["notes"] = {**notes, name: value}
        self.added.add(parse_key)
        self.changed = True

    def known(self, key: str) -> bool:
        """Whether a parse is stored under key (without counting it as used)."""
        return key in self.parses

    def forked(self) -> None:
        """Count what this store is given from now on only: in a process forked to read on
        another's behalf, which holds already what that one was given before the fork."""
        self.added = set()
        self.added_placements = set()

    def added_entries(self) -> dict[str, dict]:
        """What this store was given since it was made (or since forked()): for a process that read
        texts on another's behalf to hand over (merge). Only parses it made itself: a note on a
        parse read from the file stays behind (the other process judges that text again)."""
        heavy = self.heavy
        parses = {k: self.parses[k] for k in self.added if k in self.parses and k in heavy}
        return {"parses": parses, "heavy": {k: heavy[k] for k in parses},
                "placements": {k: self.placements[k] for k in self.added_placements
                               if k in self.placements and self.placements[k].get("parse") in parses}}

    def merge(self, entries: dict[str, dict]) -> None:
        """Take in what a forked process of this run read (added_entries), as if read here."""
        self.heavy.update(entries["heavy"])
        self.unsaved.update(entries["heavy"])
        self.parses.update(entries["parses"])
        self.placements.update(entries["placements"])
        self.used.update(entries["parses"], entries["placements"])
        self.added.update(entries["parses"])
        self.added_placements.update(entries["placements"])
        self.changed = True

    def _use(self, entry: dict, key: str) -> None:
        if entry.get("run") != self.run:
            entry["run"] = self.run
        self.used.add(key)

    def save(self) -> None:
        """Write what this run added, merged with what other runs wrote meanwhile; entries no run
        of the last KEEP_RUNS used are dropped. Silent when the build directory is not writable:
        the store only saves time."""
        if self.secret is None or not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with _locked(self.path.parent / (self.path.name + ".lock")):
                self._write()
        except (OSError, UnicodeEncodeError):
            return
        self.changed = False

    def release(self) -> None:
        """Let go of the larger parts held in memory that the file holds: they are read from it
        again when a text's are asked for. Those not saved yet stay."""
        if self.secret is not None and len(self.heavy) > len(self.unsaved):
            self.heavy = {k: v for k, v in self.heavy.items() if k in self.unsaved}
            self._heavy_text = partial(_third_line, self.path)

    def _write(self) -> None:
        assert self.secret is not None
        parses, placements, runs, heavy_text = self._load()
        # Ours win: they are this run's, and the same key holds the same reading.
        parses.update({k: v for k, v in self.parses.items() if k in self.used or k not in parses})
        placements.update({k: v for k, v in self.placements.items() if k in self.used or k not in placements})
        runs = sorted({*runs, self.run})[-KEEP_RUNS:]
        oldest = runs[0]
        heavy: dict[str, list] | None = None
        kept = b""
        if self.unsaved:
            heavy = {**_json_dict(heavy_text()), **self._heavy_entries()}
            parses = {k: v for k, v in parses.items() if v["run"] >= oldest and k in heavy}
            heavy = {k: heavy[k] for k in parses}
        else:
            # No larger part is new (a run that read known texts at new places): the file's are
            # kept as they are, not decoded and written again, which at 10,000 pages doubled the
            # memory of the process saving. Those of parses dropped now go with the next run
            # that adds one; a parse whose part is missing is read again.
            parses = {k: v for k, v in parses.items() if v["run"] >= oldest}
            kept = heavy_text() or b"{}"
        placements = {k: v for k, v in placements.items() if v["run"] >= oldest and v["parse"] in parses}
        body = json.dumps({"format": FORMAT, "context": self.context, "runs": runs, "parses": parses,
                           "placements": placements}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".markdown-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_sign(self.secret, body).encode("ascii") + b"\n")
                f.write(body + b"\n")
                if heavy is None:
                    f.write(kept)
                else:
                    # The larger parts one by one: the whole as one string would double the memory it takes.
                    f.write(b"{")
                    for n, (name, part) in enumerate(heavy.items()):
                        f.write((b"," if n else b"") + json.dumps({name: part}, ensure_ascii=False,
                                                                 separators=(",", ":"))[1:-1].encode("utf-8"))
                    f.write(b"}")
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        # The larger parts are in the file now, and the texts read this run hold theirs decoded:
        # read from the file again only if asked.
        self.parses, self.placements, self.runs = parses, placements, runs
        self.heavy, self.unsaved = {}, set()
        self._heavy_text = partial(_third_line, self.path)


def _third_line(path: Path) -> bytes:
    """A store file's larger parts (b"" when it cannot be read: each part is checked as it is used)."""
    try:
        with path.open("rb") as f:
            f.readline()
            f.readline()
            return f.read()
    except OSError:
        return b""


def _json_dict(text: bytes) -> dict:
    try:
        found = json.loads(text)
    except (ValueError, RecursionError):
        return {}
    return found if isinstance(found, dict) else {}


@contextlib.contextmanager
def _locked(path: Path):
    """One process at a time merges into the file (the kernel's flock; none on Windows, where
    the rename still keeps the file whole and a concurrent save may only lose entries)."""
    if sys.platform == "win32":
        yield
        return
    import fcntl

    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
