"""Folder searches: which documents a batch takes from a folder, and which it leaves out.

The ignore-file rules are checked against git itself: a test builds files in
a scratch folder, makes it a repository (``git init``, with the user's and the
system's git configuration shut out) and compares
:func:`tma_check.walk.find_documents` with what ``git ls-files --others
--exclude-standard`` lists. The table of patterns states its expected result
too, so it runs without git; the tests that need git skip without it.
"""

from __future__ import annotations

import os
import shutil
import string
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import pytest
from builders import para, write_docx
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from unprivileged import open_folder, unprivileged

from tma_check.batch import expand
from tma_check.cli import cli
from tma_check.walk import MAX_IGNORE_FILE, compile_pattern, find_documents, repository_root

T = TypeVar("T")

ODD_NAMES = pytest.mark.skipif(
    sys.platform == "win32", reason="file names Windows does not allow (trailing spaces, * ? ...)"
)
CASE_SENSITIVE = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="file names that differ only in case"
)


# -- helpers ------------------------------------------------------------------------------


def touch(root: Path, *paths: str) -> None:
    """Empty files at ``paths`` under ``root`` (a folder search never opens a document)."""
    for relative in paths:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()


def write(path: Path, text: str) -> Path:
    """``text`` written to ``path`` exactly (no newline translation)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def document(path: Path, text: str) -> Path:
    """A .docx at ``path`` whose one paragraph is ``text``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_docx(path, para(text))


def relative(root: Path, paths: Iterable[str]) -> list[str]:
    return sorted(Path(path).relative_to(root).as_posix() for path in paths)


def found(folder: Path, ignore: bool = True) -> list[str]:
    """The documents a search of ``folder`` finds, relative to it, with ``/``."""
    return relative(folder, find_documents(str(folder), ignore).documents)


def finishes(action: Callable[[], T], seconds: float = 10.0) -> T:
    """``action()``'s result; the test fails, rather than hangs, if it does not return."""
    results: list[T] = []
    worker = threading.Thread(target=lambda: results.append(action()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert results, f"did not finish within {seconds} s"
    return results[0]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# -- git ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def git_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str] | None:
    """An environment for running git untouched by the user's configuration (None: no git)."""
    if shutil.which("git") is None:
        return None
    home = tmp_path_factory.mktemp("home")
    env = {name: value for name, value in os.environ.items() if not name.startswith("GIT_")}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    return env


@pytest.fixture
def git(git_env: dict[str, str] | None) -> dict[str, str]:
    if git_env is None:
        pytest.skip("git is not installed")
    return git_env


def git_init(folder: Path, env: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["git", "init", "-q", "--template=", str(folder)], env=env, check=True, capture_output=True
    )
    return folder


def git_documents(start: Path, env: dict[str, str], *options: str) -> list[str]:
    """The untracked documents under ``start`` that ``git ls-files`` lists with
    ``options``, relative to ``start``."""
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "-z", *options],
        cwd=start,
        env=env,
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8", "surrogateescape")
    return sorted(path for path in listed.split("\0") if path.endswith(".docx"))


def git_keeps(start: Path, env: dict[str, str]) -> list[str]:
    """The documents under ``start`` that git does not ignore, relative to ``start``."""
    return git_documents(start, env)


def git_ignores(start: Path, env: dict[str, str]) -> list[str]:
    """The documents under ``start`` that git ignores, relative to ``start``."""
    return git_documents(start, env, "--ignored")


# -- pattern semantics, against git -------------------------------------------------------

TREE = (
    "essay.docx",
    "notes.docx",
    "#notes.docx",
    "!notes.docx",
    "ab.docx",
    "draft1.docx",
    "draft2.docx",
    "drafta.docx",
    "draft[1.docx",
    "a/b.docx",
    "a/c.docx",
    "a/x/b.docx",
    "a/x/y/b.docx",
    "build/out.docx",
    "build/sub/deep.docx",
    "src/build/inner.docx",
    "src/essay.docx",
    "logs/keep.docx",
    "logs/drop.docx",
    "old/o.docx",
    "old /o.docx",
)
BUILDS = {"build/out.docx", "build/sub/deep.docx", "src/build/inner.docx"}
UNDER_A_ENDING_B = {"a/b.docx", "a/x/b.docx", "a/x/y/b.docx"}
DRAFTS = {"draft1.docx", "draft2.docx", "drafta.docx"}

# (the ignore file's text, the documents of TREE it leaves out)
PATTERNS: dict[str, tuple[str, set[str]]] = {
    "plain name": ("notes.docx\n", {"notes.docx"}),
    "a name matches at any depth": ("essay.docx\n", {"essay.docx", "src/essay.docx"}),
    "*.docx": ("*.docx\n", set(TREE)),
    "star in a name": ("draft*.docx\n", DRAFTS | {"draft[1.docx"}),
    "? is one character": ("draft?.docx\n", DRAFTS),
    "/anchored": ("/essay.docx\n", {"essay.docx"}),
    "a slash inside anchors too": ("x/b.docx\n", set()),
    "a full path": ("a/x/b.docx\n", {"a/x/b.docx"}),
    "dir/ at any depth": ("build/\n", BUILDS),
    "/dir/ at the top only": ("/build/\n", BUILDS - {"src/build/inner.docx"}),
    "a trailing slash never matches a file": ("essay.docx/\n", set()),
    "**/x": ("**/build\n", BUILDS),
    "a/**/b": ("a/**/b.docx\n", UNDER_A_ENDING_B),
    "a/**": ("a/**\n", UNDER_A_ENDING_B | {"a/c.docx"}),
    "a/*/b: one folder": ("a/*/b.docx\n", {"a/x/b.docx"}),
    "negation": ("*.docx\n!essay.docx\n", set(TREE) - {"essay.docx", "src/essay.docx"}),
    "the last pattern wins": ("!essay.docx\n*.docx\n", set(TREE)),
    "no negation inside an ignored folder": ("build/\n!build/out.docx\n", BUILDS),
    "negation beside a folder's contents": ("logs/*\n!logs/keep.docx\n", {"logs/drop.docx"}),
    "# starts a comment": ("#notes.docx\n", set()),
    "escaped \\#": ("\\#notes.docx\n", {"#notes.docx"}),
    "escaped \\!": ("\\!notes.docx\n", {"!notes.docx"}),
    "trailing spaces dropped": ("notes.docx   \n", {"notes.docx"}),
    "an escaped trailing space kept": ("old\\ \n", {"old /o.docx"}),
    "an unescaped trailing space dropped": ("old \n", {"old/o.docx"}),
    "[a-c] range": ("draft[1-2].docx\n", {"draft1.docx", "draft2.docx"}),
    "[!a] negated class": ("draft[!1].docx\n", {"draft2.docx", "drafta.docx"}),
    "[^a] negated class": ("draft[^1].docx\n", {"draft2.docx", "drafta.docx"}),
    "[[:digit:]]": ("draft[[:digit:]].docx\n", {"draft1.docx", "draft2.docx"}),
    "CRLF line ends": (
        "notes.docx\r\nessay.docx\r\n",
        {"notes.docx", "essay.docx", "src/essay.docx"},
    ),
    "a byte-order mark": ("\ufeffnotes.docx\n", {"notes.docx"}),
    "a trailing backslash matches nothing": ("notes.docx\\\n", set()),
    # Each of these once disagreed with git.
    "an unclosed [ matches nothing": ("draft[1.docx\n", set()),
    "an unknown [:class:] matches nothing": ("draft[[:digits:]].docx\n", set()),
    "an escaped - in a class is no range": ("draft[1\\-a].docx\n", {"draft1.docx", "drafta.docx"}),
    "a backwards range holds its start": ("draft[2-1].docx\n", {"draft2.docx"}),
    "a CR inside a line is part of it": ("notes.docx\ressay.docx\n", set()),
    "a//b matches no path": ("a//b.docx\n", set()),
    "*** between slashes is **": ("a/***/b.docx\n", UNDER_A_ENDING_B),
    "a** glued to the start crosses folders": ("a**/b.docx\n", UNDER_A_ENDING_B | {"ab.docx"}),
    "**\\/ takes a folder at least": ("**\\/b.docx\n", UNDER_A_ENDING_B),
    "a/**\\/b takes a folder at least": ("a/**\\/b.docx\n", UNDER_A_ENDING_B - {"a/b.docx"}),
    "**\\/ at the start of a path": ("**\\/build\n", {"src/build/inner.docx"}),
    "a**\\/b: glued, the slash must be there": ("a**\\/b.docx\n", UNDER_A_ENDING_B),
    "/dra**\\/**: glued, trailing": ("/dra**\\/**\n", set()),
    "/a**\\/**: glued, trailing, inside": ("/a**\\/**\n", UNDER_A_ENDING_B | {"a/c.docx"}),
}


@ODD_NAMES
@pytest.mark.parametrize("case", list(PATTERNS))
def test_pattern_leaves_out_what_git_leaves_out(
    tmp_path: Path, git_env: dict[str, str] | None, case: str
) -> None:
    text, left_out = PATTERNS[case]
    if git_env is not None:
        git_init(tmp_path, git_env)
    touch(tmp_path, *TREE)
    write(tmp_path / ".gitignore", text)
    expected = sorted(set(TREE) - left_out)
    assert found(tmp_path) == expected
    if git_env is not None:
        assert git_keeps(tmp_path, git_env) == expected
        assert git_ignores(tmp_path, git_env) == sorted(left_out)


# Every ASCII character but NUL and "/" (names cannot hold them).
CHARACTERS = [chr(code) for code in range(1, 128) if chr(code) != "/"]
# Git's classes hold ASCII characters only; its space is not Python's (no \v nor \f).
CLASSES = {
    "alnum": string.ascii_letters + string.digits,
    "alpha": string.ascii_letters,
    "blank": " \t",
    "cntrl": "".join(map(chr, range(32))) + "\x7f",
    "digit": string.digits,
    "graph": "".join(map(chr, range(33, 127))),
    "lower": string.ascii_lowercase,
    "print": "".join(map(chr, range(32, 127))),
    "punct": string.punctuation,
    "space": " \t\n\r",
    "upper": string.ascii_uppercase,
    "xdigit": string.hexdigits,
}


@ODD_NAMES
@CASE_SENSITIVE
def test_posix_classes_hold_what_gits_hold(tmp_path: Path, git_env: dict[str, str] | None) -> None:
    if git_env is not None:
        git_init(tmp_path, git_env)
    for name in CLASSES:
        touch(tmp_path / name, *(f"n{char}.docx" for char in CHARACTERS))
        write(tmp_path / name / ".gitignore", f"n[[:{name}:]].docx\n")
    kept = found(tmp_path)
    for name, members in CLASSES.items():
        assert sorted(f"{name}/n{char}.docx" for char in CHARACTERS if char not in members) == [
            path for path in kept if path.startswith(f"{name}/")
        ], name
    if git_env is not None:
        assert git_keeps(tmp_path, git_env) == kept


# Many patterns, made up from the pieces git's rules treat specially, against one tree.
GENERATED_TREE = [
    folder + name
    for folder in ("", "a/", "b/", "ab/", "a/b/", "ax/b/", "x/a/b/", "b/ab/")
    for name in (
        "a.docx",
        "b.docx",
        "ab.docx",
        "ba.docx",
        "x.docx",
        "a1.docx",
        "-.docx",
        "a b.docx",
    )
]
PIECES = [
    *("a", "b", "x", "1", ".docx", "-", "!", "#", " ", "/", "/"),
    *("*", "**", "***", "?", "a**", "b**/"),
    *("[ab]", "[!a]", "[^b]", "[a-c]", "[b-a]", "[a\\-c]", "[[:digit:]]", "[[:alpha:]-z]", "[/]"),
    *("\\*", "\\ ", "\\!", "\\#", "[", "]", "\\/", "**\\/"),
]
generated_patterns = st.builds(
    lambda bang, slash, pieces, folders: bang + slash + "".join(pieces) + folders,
    st.sampled_from(["", "", "", "!"]),
    st.sampled_from(["", "", "", "/"]),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=5),
    st.sampled_from(["", "", "", "/"]),
)
ignore_files = st.lists(generated_patterns, min_size=1, max_size=4).map(
    lambda lines: "\n".join(lines)
)


@pytest.fixture(scope="module")
def generated_repository(
    tmp_path_factory: pytest.TempPathFactory, git_env: dict[str, str] | None
) -> Path:
    if git_env is None:
        pytest.skip("git is not installed")
    repository = git_init(tmp_path_factory.mktemp("generated"), git_env)
    touch(repository, *GENERATED_TREE)
    return repository


@ODD_NAMES
@settings(deadline=None, derandomize=True, database=None, max_examples=80)
@given(top=ignore_files, inner=ignore_files, everything_first=st.booleans())
def test_generated_patterns_agree_with_git(
    generated_repository: Path,
    git_env: dict[str, str] | None,
    top: str,
    inner: str,
    everything_first: bool,
) -> None:
    assert git_env is not None  # else generated_repository skips
    # A negation needs something to negate: some files start by ignoring every document.
    write(generated_repository / ".gitignore", ("*.docx\n" if everything_first else "") + top)
    write(generated_repository / "a" / ".gitignore", inner)
    assert found(generated_repository) == git_keeps(generated_repository, git_env)


def test_nested_ignore_files_override_the_ones_above(tmp_path: Path, git: dict[str, str]) -> None:
    repository = git_init(tmp_path / "repo", git)
    touch(
        repository,
        "essay.docx",
        "sub/essay.docx",
        "sub/only-here.docx",
        "sub/deep/essay.docx",
        "sub/deep/only-here.docx",
    )
    write(repository / ".gitignore", "*.docx\n")
    write(repository / "sub" / ".gitignore", "!*.docx\n/only-here.docx\n")
    write(repository / "sub" / "deep" / ".gitignore", "essay.docx\n")
    expected = ["sub/deep/only-here.docx", "sub/essay.docx"]
    assert found(repository) == expected
    assert git_keeps(repository, git) == expected


def test_info_exclude_applies_and_a_gitignore_overrides_it(
    tmp_path: Path, git: dict[str, str]
) -> None:
    repository = git_init(tmp_path / "repo", git)
    touch(repository, "essay.docx", "notes.docx", "sub/notes.docx", "sub/essay.docx")
    write(repository / ".git" / "info" / "exclude", "*.docx\n")
    write(repository / "sub" / ".gitignore", "!essay.docx\n")
    assert found(repository) == ["sub/essay.docx"]
    assert git_keeps(repository, git) == ["sub/essay.docx"]


def test_a_search_in_a_subfolder_follows_the_ignore_files_above(
    tmp_path: Path, git: dict[str, str]
) -> None:
    repository = git_init(tmp_path / "repo", git)
    touch(
        repository,
        "sub/keep.docx",
        "sub/x.tmp.docx",
        "sub/deep/x.tmp.docx",
        "sub/private/p.docx",
        "sub/deep/private/p.docx",
        "sub/q.bak.docx",
        "sub/deep/secret.docx",
        "sub/deep/keep.docx",
    )
    write(repository / ".gitignore", "/sub/private/\n*.bak.docx\nsub/*.tmp.docx\n")
    write(repository / "sub" / ".gitignore", "deep/keep.docx\n")
    write(repository / ".git" / "info" / "exclude", "secret.docx\n")
    sub = repository / "sub"
    assert found(sub) == ["deep/private/p.docx", "deep/x.tmp.docx", "keep.docx"]
    assert git_keeps(sub, git) == found(sub)
    deep = sub / "deep"
    assert found(deep) == ["private/p.docx", "x.tmp.docx"]
    assert git_keeps(deep, git) == found(deep)


def test_a_folder_named_is_searched_though_git_ignores_it(
    tmp_path: Path, git: dict[str, str]
) -> None:
    # As ripgrep does: a folder asked for is searched, where git would list nothing;
    # the patterns above still apply to what is inside it.
    repository = git_init(tmp_path / "repo", git)
    touch(repository, "drafts/a.docx", "drafts/b.old.docx")
    write(repository / ".gitignore", "drafts/\ndrafts/*.old.docx\n")
    assert git_keeps(repository / "drafts", git) == []
    assert found(repository / "drafts") == ["a.docx"]


def test_a_repository_inside_follows_its_own_rules_only(
    tmp_path: Path, git: dict[str, str]
) -> None:
    outer = git_init(tmp_path / "outer", git)
    inner = git_init(outer / "inner", git)
    touch(outer, "essay.docx", "inner/essay.docx", "inner/draft.docx")
    write(outer / ".gitignore", "*.docx\n")
    write(inner / ".git" / "info" / "exclude", "draft.docx\n")
    assert found(outer) == ["inner/essay.docx"]
    assert git_keeps(inner, git) == ["essay.docx"]


def test_ignore_and_tma_checkignore_files_take_precedence_in_turn(tmp_path: Path) -> None:
    touch(tmp_path, "essay.docx", "notes.docx", "draft.docx", "sub/essay.docx")
    write(tmp_path / ".gitignore", "*.docx\n")
    write(tmp_path / ".ignore", "!essay.docx\n!notes.docx\n")
    write(tmp_path / ".tma-checkignore", "notes.docx\n")
    assert found(tmp_path) == ["essay.docx", "sub/essay.docx"]


def test_outside_a_repository_only_the_folders_searched_are_read(tmp_path: Path) -> None:
    if repository_root(str(tmp_path)) is not None:
        pytest.skip("the temporary folder is inside a git repository")
    touch(tmp_path, "sub/essay.docx", "sub/deep/essay.docx")
    write(tmp_path / ".gitignore", "*.docx\n")
    write(tmp_path / "sub" / "deep" / ".gitignore", "*.docx\n")
    assert found(tmp_path / "sub") == ["essay.docx"]


# -- what a folder search skips besides --------------------------------------------------


def test_hidden_and_generated_folders_are_skipped(tmp_path: Path) -> None:
    kept = ["essay.docx", "node_modules.docx", "sub/answer.docx"]
    skipped = [
        ".secret.docx",
        ".git/x.docx",
        ".venv/lib/x.docx",
        ".hidden/x.docx",
        "sub/.hidden/x.docx",
        "env1/lib/x.docx",
        "node_modules/pkg/x.docx",
        "sub/__pycache__/x.docx",
        "lib/python3.12/site-packages/pkg/x.docx",
    ]
    touch(tmp_path, *kept, *skipped)
    touch(tmp_path, "env1/pyvenv.cfg", "pyvenv.cfg")  # a venv by any name; the top is searched
    search = find_documents(str(tmp_path))
    assert relative(tmp_path, search.documents) == kept
    assert search.skipped == 1  # .secret.docx; what skipped folders hold is never seen
    assert search.notes == []
    assert found(tmp_path, ignore=False) == sorted(kept + skipped)


def test_a_hidden_folder_or_a_venv_named_is_searched(tmp_path: Path) -> None:
    touch(tmp_path, ".drafts/essay.docx", "venv/essay.docx", "venv/pyvenv.cfg")
    assert found(tmp_path) == []
    assert found(tmp_path / ".drafts") == ["essay.docx"]
    assert found(tmp_path / "venv") == ["essay.docx"]


def test_paths_start_with_the_folder_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path, "b.docx", "sub/a.docx", "c.docm", "d.doc", "e.DOCX")
    monkeypatch.chdir(tmp_path)
    assert find_documents(".").documents == [
        "b.docx",
        "c.docm",
        "e.DOCX",
        os.path.join("sub", "a.docx"),
    ]
    assert find_documents("sub/").documents == [os.path.join("sub", "a.docx")]


def _symlink(target: str, link: Path) -> None:
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError):
        pytest.skip("symbolic links cannot be made here")


def test_links_to_folders_are_not_followed_and_a_loop_cannot_trap_the_search(
    tmp_path: Path,
) -> None:
    touch(tmp_path, "real/essay.docx", "real/deep/answer.docx")
    _symlink("real", tmp_path / "linked")
    _symlink("..", tmp_path / "real" / "deep" / "up")  # a loop, were it followed
    _symlink("real/essay.docx", tmp_path / "essay-link.docx")  # a link to a document is one
    _symlink("missing.docx", tmp_path / "dangling.docx")
    assert finishes(lambda: found(tmp_path)) == [
        "essay-link.docx",
        "real/deep/answer.docx",
        "real/essay.docx",
    ]
    assert finishes(lambda: found(tmp_path, ignore=False)) == found(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_named_pipes_are_never_opened(tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)  # a repository's top, for the search to read
    touch(repository, "sub/essay.docx", "sub/inner/answer.docx")
    os.mkfifo(repository / ".gitignore")  # read from above, when searching sub
    os.mkfifo(repository / "sub" / "pipe.docx")
    os.mkfifo(repository / "sub" / "inner" / ".ignore")  # read within the search
    search = finishes(lambda: find_documents(str(repository / "sub")))
    assert relative(repository / "sub", search.documents) == ["essay.docx", "inner/answer.docx"]
    assert (search.skipped, search.notes) == (0, [])


def test_an_ignore_file_that_is_not_a_file_is_passed_over(tmp_path: Path) -> None:
    touch(tmp_path, "essay.docx", "sub/essay.docx", "sub/.gitignore/x.docx")
    write(tmp_path / ".gitignore", "!sub/\n")
    search = find_documents(str(tmp_path))
    assert relative(tmp_path, search.documents) == ["essay.docx", "sub/essay.docx"]
    assert (search.skipped, search.notes) == (0, [])


def _search_as_nobody(folder: Path) -> tuple[list[str], list[str]]:
    """What a search of ``folder`` finds, as a user that file permissions apply to."""

    def run() -> tuple[list[str], list[str]]:
        search = find_documents(str(folder))
        return relative(folder, search.documents), search.notes

    return unprivileged(run)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="dropping privileges needs fork")
def test_an_ignore_file_that_cannot_be_read_is_passed_over() -> None:
    with open_folder() as folder:
        touch(folder, "essay.docx", "sub/essay.docx")
        for inside in (folder / "sub", folder):
            inside.chmod(0o755)
        private = write(folder / "sub" / ".gitignore", "*.docx\n")
        private.chmod(0)
        documents, notes = _search_as_nobody(folder)
    # its pattern would have left out sub/essay.docx; the search goes on without it
    assert documents == ["essay.docx", "sub/essay.docx"]
    assert notes == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="dropping privileges needs fork")
def test_an_unreadable_folder_is_noted() -> None:
    with open_folder() as folder:
        touch(folder, "essay.docx", "locked/answer.docx")
        (folder / "locked").chmod(0)
        documents, notes = _search_as_nobody(folder)
    assert documents == ["essay.docx"]
    assert notes == [f"{folder / 'locked'}: not searched: Permission denied"]


def test_an_ignore_file_over_one_megabyte_is_not_read(tmp_path: Path) -> None:
    for name in ("essay.docx", "small/essay.docx", "large/essay.docx"):
        document(tmp_path / name, "Three words here.")
    head = "essay.docx\n#"
    write(tmp_path / "small" / ".gitignore", head + "x" * (MAX_IGNORE_FILE - len(head)))
    large = write(tmp_path / "large" / ".gitignore", head + "x" * (MAX_IGNORE_FILE + 1 - len(head)))
    search = find_documents(str(tmp_path))
    assert relative(tmp_path, search.documents) == ["essay.docx", "large/essay.docx"]
    assert search.notes == [f"{large}: not read: an ignore file larger than 1 MB"]
    code, out, err = invoke("count", str(tmp_path))
    assert code == 0 and len(out.splitlines()) == 2
    assert err == f"tma-check: {large}: not read: an ignore file larger than 1 MB\n"


def test_word_lock_files_follow_the_ignore_rules_before_the_lock_file_note(
    tmp_path: Path,
) -> None:
    # The search finds a lock file like any document and the batch notes it; an ignored or
    # hidden one is left out silently, as any document would be.
    touch(tmp_path, "essay.docx", "~$essay.docx", "sub/~$answer.docx", ".old/~$x.docx")
    write(tmp_path / "sub" / ".gitignore", "~$*\n")
    assert found(tmp_path) == ["essay.docx", "~$essay.docx"]
    files, notes = expand([str(tmp_path)])
    assert relative(tmp_path, files) == ["essay.docx"]
    assert notes == [
        f"{tmp_path / '~$essay.docx'}: skipped: Word's lock file for a document that is open"
    ]


# -- through the command line -------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two documents to check, and three a folder search leaves out."""
    root = tmp_path / "tmas"
    document(root / "essay.docx", "One two three four five.")
    document(root / "part2" / "answer.docx", "One two three.")
    document(root / "draft.docx", "Draft words here.")
    document(root / "old" / "tma01.docx", "Old words.")
    document(root / ".backup" / "essay.docx", "Backup words.")
    write(root / ".gitignore", "draft.docx\nold/\n")
    return root


def test_count_a_folder_lists_only_what_is_not_ignored(folder: Path) -> None:
    code, out, err = invoke("count", str(folder))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{folder / 'essay.docx'}: 5 words (body 5)",
        f"{folder / 'part2' / 'answer.docx'}: 3 words (body 3)",
    ]
    code, out, err = invoke("count", str(folder), "--no-ignore")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{folder / '.backup' / 'essay.docx'}: 2 words (body 2)",
        f"{folder / 'draft.docx'}: 3 words (body 3)",
        f"{folder / 'essay.docx'}: 5 words (body 5)",
        f"{folder / 'old' / 'tma01.docx'}: 2 words (body 2)",
        f"{folder / 'part2' / 'answer.docx'}: 3 words (body 3)",
    ]


def test_check_a_folder_checks_only_what_is_not_ignored(folder: Path) -> None:
    code, out, err = invoke("check", str(folder), "--limit", "4")
    assert (code, err) == (1, "")
    assert [line for line in out.splitlines() if ": note: " not in line] == [
        f"{folder / 'essay.docx'}: Document: error: over limit by 1 word (25.0%); no leeway is allowed",
        f"{folder / 'part2' / 'answer.docx'}: Document: ok: 3 of 4 words (75.0%)",
        "2 files, 2 questions: 1 error, 0 warnings",
    ]
    code, out, err = invoke("check", str(folder), "--limit", "4", "--no-ignore")
    assert (code, err) == (1, "")
    assert out.splitlines()[-1] == "5 files, 5 questions: 1 error, 0 warnings"
    assert f"{folder / 'old' / 'tma01.docx'}: Document: ok: 2 of 4 words (50.0%)" in out


def test_a_folder_with_only_ignored_documents_says_how_many_were_skipped(folder: Path) -> None:
    (folder / "essay.docx").unlink()
    shutil.rmtree(folder / "part2")
    (folder / ".notes.docx").write_bytes((folder / "draft.docx").read_bytes())
    expected = (
        f"tma-check: {folder}: no .docx files in this folder"
        " (2 skipped as hidden or ignored; --no-ignore includes them)\n"
    )
    for command in (["count"], ["check", "--limit", "10"]):
        code, out, err = invoke(*command, str(folder))
        assert (code, out, err) == (2, "", expected), command
    code, out, _ = invoke("count", str(folder), "--no-ignore")
    assert code == 0 and len(out.splitlines()) == 4


def test_a_file_named_is_taken_though_it_is_ignored(folder: Path) -> None:
    draft = folder / "draft.docx"
    code, out, err = invoke("count", str(draft))
    assert (code, out, err) == (0, f"{draft}: 3 words (body 3)\n", "")
    hidden = folder / ".backup" / "essay.docx"
    code, out, err = invoke("count", str(folder), str(draft), str(hidden))
    assert (code, err) == (0, "")
    assert [line.split(": ")[0] for line in out.splitlines()] == [
        str(folder / "essay.docx"),
        str(folder / "part2" / "answer.docx"),
        str(draft),
        str(hidden),
    ]
    code, out, _ = invoke("check", str(draft), "--limit", "10")
    assert code == 0
    assert out.splitlines()[-2:] == [
        f"{draft}: Document: ok: 3 of 10 words (30.0%)",
        "1 file, 1 question: 0 errors, 0 warnings",
    ]


# -- linear time --------------------------------------------------------------------------


def _fast(pattern: str, path: str, matches: bool) -> None:
    rule = compile_pattern(pattern)
    assert rule is not None
    started = time.perf_counter()
    assert bool(rule.pattern.match(path)) is matches
    assert time.perf_counter() - started < 2.0, pattern


def test_patterns_match_in_linear_time() -> None:
    # A backtracking matcher would take some n**8 steps on the first: it would not end.
    long_name = "a" * 200_000
    _fast("a*a*a*a*a*a*a*a*b", long_name, False)
    _fast("a*a*a*a*a*a*a*a*b", long_name + "b", True)
    _fast("*[ab]*[ab]*[ab]*[ab]*c", "ab" * 100_000, False)
    deep = "a/" * 20_000
    _fast("/".join(["**", "a"] * 30) + "/b", deep + "c", False)
    _fast("/".join(["**", "a"] * 30) + "/b", deep + "b", True)
    _fast("a**/" + "**/a/" * 30 + "b", deep + "c", False)
