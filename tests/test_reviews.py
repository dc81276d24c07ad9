"""`portal reviews`: the plan the scheduled workflow carries out, one open issue per team with
reviews due, run as the workflow runs it (the CLI in its own process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from conftest import BASE, ROOT, cli

SOP = "---\ntitle: {title}\nowner: '{owner}'\nreviewed: {reviewed}\nreview_every: 6 months\n---\n\nSteps.\n"
FILES = {
    **BASE,
    "content/teams/it/team.yml": textwrap.dedent("""\
        name: IT *help* desk
        summary: Laptops.
        owners: ["@org/it", "@alice"]
        channels:
          - type: email
            value: techsupport@example.com
        """),
    # TODAY is 2026-11-22: overdue since 2026-05-01, due on 2026-12-10, and one not due until May.
    "content/teams/it/sops/old.md": SOP.format(title="Reset a <b>token</b>", owner="@bob", reviewed="2025-11-01"),
    "content/teams/it/sops/soon.md": SOP.format(title="Order a laptop", owner="@org/it-desk", reviewed="2026-06-10"),
    "content/teams/it/sops/fresh.md": SOP.format(title="Fresh", owner="@bob", reviewed="2026-11-01"),
    "content/teams/hr/team.yml": "name: HR\nsummary: People.\nowners: ['@org/hr']\n"
                                 "channels:\n  - type: email\n    value: hr@example.com\n",
    "content/teams/hr/sops/fresh.md": SOP.format(title="Fresh HR", owner="@carol", reviewed="2026-11-01"),
}


def plan(tmp_path, open_issues=None, *args):
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    if open_issues is not None:
        (tmp_path / "open.json").write_text(json.dumps(open_issues), encoding="utf-8")
        args = ("--open-issues", "open.json", *args)
    result = cli(tmp_path, "reviews", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_a_team_with_reviews_due_gets_one_issue_listing_them_assigned_to_its_people(tmp_path):
    actions = plan(tmp_path, None, "--link-base", "https://github.com/org/repo/blob/main/")
    assert [(a["action"], a["team"]) for a in actions] == [("create", "it")]  # HR has nothing due
    issue = actions[0]
    assert issue["title"] == "Content reviews due: IT *help* desk"  # a title is plain text
    assert issue["assignees"] == ["alice", "bob"]  # people only: '@org/it' cannot be assigned
    body = issue["body"]
    assert body.startswith("<!-- portal-reviews: it -->\n")
    overdue, soon = body.index("## Overdue"), body.index("## Due within 30 days")
    old = body.index("[Reset a &lt;b>token&lt;/b>](https://github.com/org/repo/blob/main/content/teams/it/sops/old.md)"
                     ", due 2026-05-01, owner @bob")
    laptop = body.index("[Order a laptop](https://github.com/org/repo/blob/main/content/teams/it/sops/soon.md), "
                        "due 2026-12-10")
    assert overdue < old < soon < laptop
    assert "Fresh" not in body
    assert "IT \\*help\\* desk" in body  # the team's name is text in the body, not emphasis
    assert "Owners: @org/it, @alice, @bob, @org/it-desk" in body  # mentioned, so teams hear of it too


def test_an_up_to_date_issue_is_left_alone_a_stale_one_updated_and_one_with_nothing_due_closed(tmp_path):
    current = plan(tmp_path)[0]["body"]
    assert plan(tmp_path, [{"number": 7, "body": current}]) == []
    stale = current.replace("2026-12-10", "2026-12-11")
    assert [(a["action"], a["number"]) for a in plan(tmp_path, [{"number": 7, "body": stale}])] == [("edit", 7)]
    closing = plan(tmp_path, [{"number": 7, "body": current}, {"number": 9, "body": "<!-- portal-reviews: hr -->\nold"},
                              {"number": 3, "body": "Reviews, opened by hand and labelled"}])
    assert [(a["action"], a.get("number"), a["team"]) for a in closing] == [("close", 9, "hr")]


def test_an_issue_is_edited_when_what_is_due_changes_not_every_day(tmp_path):
    current = plan(tmp_path)[0]["body"]  # as of 2026-11-22
    (tmp_path / "open.json").write_text(json.dumps([{"number": 7, "body": current}]), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}

    def on(day: str) -> list:
        result = subprocess.run([sys.executable, "-m", "generator", "reviews", "--open-issues", "open.json",
                                 "--today", day], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(result.stdout)

    assert on("2026-11-23") == []  # the next day: the same reviews are due, the issue is left alone
    # 2026-12-11: the laptop procedure, due on 2026-12-10, has become overdue
    edited = on("2026-12-11")
    assert [(a["action"], a["number"]) for a in edited] == [("edit", 7)]
    assert edited[0]["body"].index("## Overdue") < edited[0]["body"].index("Order a laptop")
    assert "## Due within 30 days" not in edited[0]["body"]


def test_a_second_issue_for_the_same_team_is_closed_and_a_team_without_one_gets_one(tmp_path):
    current = plan(tmp_path)[0]["body"]
    actions = plan(tmp_path, [{"number": 12, "body": current}, {"number": 4, "body": current}])
    assert [(a["action"], a.get("number")) for a in actions] == [("close", 12)]  # the older one stays
    gone = plan(tmp_path, [{"number": 5, "body": "<!-- portal-reviews: legal -->"}])
    assert [(a["action"], a.get("number"), a["team"]) for a in gone] == [("close", 5, "legal"), ("create", None, "it")]


def test_gitlab_issues_are_read_in_its_api_s_shape_and_assign_with_a_quick_action(tmp_path):
    body = plan(tmp_path, None, "--forge", "gitlab")[0]["body"]
    assert body.rstrip().endswith("/assign @alice @bob")
    assert "(`content/teams/it/sops/old.md`)" in body  # no link base: the file is named
    assert plan(tmp_path, [{"iid": 3, "description": body}], "--forge", "gitlab") == []


def test_open_issues_that_are_not_json_are_a_clear_error(tmp_path):
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    for text in ("not json", '{"number": 1}', "[1, 2]"):
        (tmp_path / "open.json").write_text(text, encoding="utf-8")
        result = cli(tmp_path, "reviews", "--open-issues", "open.json")
        assert result.returncode == 1
        assert "open.json: not a JSON list of issues" in result.stderr
        assert "Traceback" not in result.stderr
