"""Builds killed, run at once, refused by a full or read-only disk: afterwards site/ is the old
site or the new one, complete, and the next build works. The CLI runs in a subprocess, so a
crash cannot hide."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import TODAY
from test_build import tree_digest

from generator import writer

# The tree under test: as the command line gives it, else this checkout.
ENV = {"PYTHONPATH": str(Path(__file__).resolve().parent.parent), **os.environ}
BUILD = [sys.executable, "-m", "generator", "build", "--today", TODAY]
V1, V2 = "Laptops and passwords.", "Laptops, phones and passwords."


def build(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*BUILD, *args], cwd=root, env=ENV, capture_output=True, text=True, timeout=120)


def set_version(root: Path, summary: str) -> None:
    team = root / "content/teams/it/team.yml"
    team.write_text(team.read_text().replace(V1, summary).replace(V2, summary))


def leftovers(root: Path) -> list[str]:
    return [p.name for p in root.iterdir() if p.name.startswith(".site-")]


def test_killed_builds_leave_the_old_or_the_new_site_and_no_litter(org):
    assert build(org.root).returncode == 0
    old = tree_digest(org.root / "site")
    set_version(org.root, V2)
    assert build(org.root).returncode == 0
    new = tree_digest(org.root / "site")
    assert old != new
    rng = random.Random(14)
    deadline = time.monotonic() + 25
    kills = 0
    while time.monotonic() < deadline:
        set_version(org.root, V1 if kills % 2 else V2)
        process = subprocess.Popen(BUILD, cwd=org.root, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills += 1
        assert tree_digest(org.root / "site") in (old, new), f"after kill {kills} the site is neither version"
    assert kills >= 5
    set_version(org.root, V2)
    result = build(org.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree_digest(org.root / "site") == new
    assert leftovers(org.root) == []


def test_a_kill_between_the_two_renames_of_the_fallback_swap_is_undone(org, tmp_path, monkeypatch):
    # Where the kernel cannot exchange two directories, the swap takes two renames; a build
    # killed between them leaves no site/, and the next build puts the old one back first.
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    monkeypatch.setattr(writer, "exchange", lambda a, b: False)
    real_rename, renames = os.rename, []

    def rename(a, b):
        renames.append(b)
        if len(renames) == 2:
            raise KeyboardInterrupt  # the moment of the kill
        real_rename(a, b)

    monkeypatch.setattr(writer.os, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        writer.replace_dir(site, lambda tmp: (tmp / "index.html").write_text("new"))
    assert not site.exists()
    monkeypatch.setattr(writer.os, "rename", real_rename)
    writer.clean_leftovers(site)
    assert (site / "index.html").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")] == []


def test_two_builds_at_once_both_succeed_and_the_site_is_one_version(org):
    assert build(org.root).returncode == 0
    # The content changes while the first build runs; the second build starts after the change.
    first = subprocess.Popen(BUILD, cwd=org.root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(0.3)
    set_version(org.root, V2)
    second = subprocess.Popen(BUILD, cwd=org.root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    outputs = [p.communicate(timeout=120)[0] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert "Traceback" not in "".join(outputs)
    assert any("Another portal command is building in" in out and "waiting for it to finish" in out for out in outputs)
    page = (org.root / "site/teams/it/index.html").read_text()
    import gzip

    searched = "".join(gzip.decompress(p.read_bytes()).decode() for p in (org.root / "site/search/portal/doc").iterdir())
    assert V2 in page and V2 in searched and V1 not in searched
    assert leftovers(org.root) == []


@pytest.mark.parametrize("site_dir, expected", [
    (".git", "the site directory .git is a repository's .git folder or inside one: building there would break "
             "the repository; choose another --site-dir, e.g. site"),
    ("mkdocs.yml", "the site directory mkdocs.yml is a file: building there would delete it; choose another "
                   "--site-dir, e.g. site"),
    ("content/site", "the site directory content/site is inside the content: the site would be read as content; "
                     "choose another --site-dir, e.g. site"),
    ("build", "the site directory build holds the build directory ({root}/build): building there would delete it; "
              "choose another --site-dir, e.g. site"),
    ("..", "the site directory .. holds the content ({root}/content): building there would delete it; "
           "choose another --site-dir, e.g. site"),
])
def test_site_dir_that_would_destroy_something_is_refused(org, site_dir, expected):
    (org.root / ".git").mkdir()
    (org.root / ".git/HEAD").write_text("ref: refs/heads/main\n")
    before = {p: tree_digest(p) for p in (org.root / ".git", org.root / "content")}
    config = (org.root / "mkdocs.yml").read_bytes()
    result = build(org.root, "--site-dir", site_dir)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "portal: " + expected.format(root=org.root.resolve()) + "\n"
    assert {p: tree_digest(p) for p in before} == before
    assert (org.root / "mkdocs.yml").read_bytes() == config


def test_a_folder_holding_the_repository_is_refused(org):
    (org.root / "project").mkdir()
    shutil.move(org.root / "content", org.root / "project/content")
    (org.root / "project/.git").mkdir()
    result = build(org.root, "--content", "project/content", "--site-dir", "project")
    assert result.returncode == 1
    assert result.stderr.startswith("portal: the site directory project holds a git repository")


UNSHARE = shutil.which("unshare")


def in_small_disk(org, script: str) -> str:
    """Run script in a private mount namespace with a tmpfs at org.root/disk, as root or (where
    user namespaces are allowed) as a user mapped to root; its output."""
    if not UNSHARE or subprocess.run([UNSHARE, "--mount", "--map-root-user", "true"]).returncode != 0:
        pytest.skip("this system allows no private mount namespace (unshare) for a small disk")
    (org.root / "disk").mkdir()
    body = textwrap.dedent(f"""\
        set -u
        disk={org.root}/disk
        mount -t tmpfs -o size=64m tmpfs "$disk"
        cp -r {org.root}/content {org.root}/mkdocs.yml "$disk"/
        cd "$disk"
        build() {{ {" ".join(BUILD)} "$@" 2>&1; echo "exit $?"; }}
        digest() {{ find site -type f | sort | xargs sha256sum | sha256sum; }}
        """) + textwrap.dedent(script)
    result = subprocess.run([UNSHARE, "--mount", "--map-root-user", "sh", "-c", body], env=ENV,
                            capture_output=True, text=True, timeout=180)
    return result.stdout + result.stderr


def test_a_full_disk_is_one_sentence_and_keeps_the_site(org):
    output = in_small_disk(org, """\
        build > /dev/null
        before=$(digest)
        used=$(df -k "$disk" | awk 'NR == 2 {print $3}')
        # Room for the docs tree and index again, not for a second copy of the site.
        mount -o remount,size=$((used + 600))k tmpfs "$disk"
        sed -i 's/Laptops and passwords./Laptops, phones and passwords./' content/teams/it/team.yml
        build
        [ "$(digest)" = "$before" ] && echo "site kept"
        ls -a | grep '^.site-' || echo "no leftovers"
        mount -o remount,size=64m tmpfs "$disk"
        build
        grep -q 'Laptops, phones' site/teams/it/index.html && echo "new site"
        """)
    assert "Traceback" not in output
    assert "portal build: the disk is full; free some space and run the command again. " \
        "Anything already published was left as it was.\nexit 1\nsite kept\nno leftovers\n" in output
    assert output.endswith("exit 0\nnew site\n")


def test_a_read_only_disk_is_one_sentence_and_keeps_the_site(org):
    output = in_small_disk(org, """\
        build > /dev/null
        before=$(digest)
        mount -o remount,ro tmpfs "$disk"
        build
        [ "$(digest)" = "$before" ] && echo "site kept"
        mount -o remount,rw tmpfs "$disk"
        build
        """)
    assert "Traceback" not in output
    assert "the file system is read-only; build on a writable disk, or choose other folders (--site-dir, " \
           "--build-dir). Anything already published was left as it was.\nexit 1\nsite kept\n" in output
    assert output.endswith("exit 0\n")


def unprivileged() -> list[str]:
    """A command prefix under which file permissions hold: none for a user; for root, a user
    namespace where root is an ordinary user (root may otherwise write anywhere)."""
    if os.geteuid() != 0:
        return []
    prefix = [UNSHARE or "unshare", "--user", "--map-user=1000", "--map-group=1000"]
    if not UNSHARE or subprocess.run([*prefix, "true"]).returncode != 0:
        pytest.skip("running as root, and no user namespace to drop root's power over permissions")
    return prefix


def test_a_folder_without_write_permission_is_one_sentence(org):
    prefix = unprivileged()
    assert build(org.root).returncode == 0
    before = tree_digest(org.root / "site")
    os.chmod(org.root, 0o555)
    try:
        result = subprocess.run([*prefix, *BUILD], cwd=org.root, env=ENV, capture_output=True, text=True, timeout=120)
    finally:
        os.chmod(org.root, 0o755)
    assert result.returncode == 1
    assert result.stderr.startswith("portal build: ")
    assert result.stderr.endswith(": permission denied; make sure you may read and write there, or choose other "
                                  "folders (--site-dir, --build-dir). Anything already published was left as it was.\n")
    assert tree_digest(org.root / "site") == before
    assert leftovers(org.root) == []


def test_an_unreadable_content_file_is_a_diagnostic(org):
    prefix = unprivileged()
    assert build(org.root).returncode == 0
    before = tree_digest(org.root / "site")
    faq = org.root / "content/teams/it/faq.yml"
    faq.write_text("questions: []\n")
    faq.chmod(0o000)
    result = subprocess.run([*prefix, *BUILD], cwd=org.root, env=ENV, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (1, (
        "content/teams/it/faq.yml:1:1: error[unreadable-file]: the file cannot be read: permission denied\n"
        "  hint: make it readable to the account that runs the portal (chmod a+r)\n1 error, 0 warnings\n"))
    assert tree_digest(org.root / "site") == before


def test_a_bug_is_one_sentence_with_its_place(org, run, monkeypatch):
    import generator.cli

    def broken(options):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(generator.cli, "build", broken)
    monkeypatch.delenv("PORTAL_DEBUG", raising=False)
    code, output = run("build")
    assert code == 1
    assert output.startswith("portal build: internal error: ZeroDivisionError: division by zero (at test_faults.py:")
    assert output.endswith("This is a bug in the portal: please report it with the command you ran and the file you "
                           "changed last; PORTAL_DEBUG=1 shows the details.\n")


def test_a_missing_engine_is_one_sentence(org, tmp_path):
    # A Python where MkDocs is not installed: a package of its name that cannot be imported.
    shadow = tmp_path / "shadow/mkdocs"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'mkdocs'\", name='mkdocs')\n")
    env = {**ENV, "PYTHONPATH": f"{shadow.parent}{os.pathsep}{ENV['PYTHONPATH']}"}
    result = subprocess.run(BUILD, cwd=org.root, env=env, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("portal build: mkdocs is not installed; install the portal with its dependencies: "
                             "python3 -m pip install -e .\n")
    assert not (org.root / "site").exists()
