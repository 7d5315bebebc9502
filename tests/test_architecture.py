"""The layers, checked over the import graph: a new crossing fails here, not in review.

    student/ teacher/ auth/  (views and forms)  ─►  domain/  ─►  models, generation

The pages import the domain layer, their own forms and Flask; never the models, the generator
or the other audience's package. The domain never imports a page.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "quizapp"
PAGES = ("student", "teacher", "auth")
STDLIB = frozenset(sys.stdlib_module_names)
# The Flask side of a page: the framework, its login and CSRF extensions, and the app's
# Flask glue (the login manager; the kept CSRF token and the login check of request_path.py)
# and its words (wording.py).
FLASK = ("flask", "flask_login", "flask_wtf", "werkzeug", "wtforms")
GLUE = {
    "quizapp": {"recent_reads"},
    "quizapp.extensions": {"login_manager"},
    "quizapp.request_path": {"csrf_token", "teacher_signed_in"},
    "quizapp.wording": None,
}


def imports(path: Path) -> list[tuple[str, set[str]]]:
    """(module, names taken from it) for each import that runs: a block under
    ``if TYPE_CHECKING:`` is for the type checker only and is skipped."""
    found: list[tuple[str, set[str]]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and ast.unparse(child.test) == "TYPE_CHECKING":
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name, set()) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                # A relative import is written "." for its level, and never allowed to a page.
                module = "." * child.level + (child.module or "")
                found.append((module, {alias.name for alias in child.names}))
            visit(child)

    visit(ast.parse(path.read_text(), filename=str(path)))
    return found


def modules(*folders: str) -> list[Path]:
    """The modules of these packages; a name ending in .py is that one module."""
    return sorted(
        path
        for folder in folders
        for path in (
            [PACKAGE / folder] if folder.endswith(".py") else (PACKAGE / folder).rglob("*.py")
        )
    )


def top(module: str) -> str:
    return module.split(".")[0]


def page_import_problem(module: str, names: set[str], own_package: str) -> str | None:
    """Why a page (view or form) may not import this, or None when it may."""
    if module == "__future__" or top(module) in STDLIB or top(module) in FLASK:
        return None
    if module == "quizapp.domain" or module.startswith("quizapp.domain."):
        return None
    if module == f"quizapp.{own_package}" or module.startswith(f"quizapp.{own_package}."):
        return None
    if module in GLUE:
        allowed = GLUE[module]
        return None if allowed is None or names <= allowed else f"{names - allowed} of {module}"
    return module


@pytest.mark.parametrize("package", [*PAGES, "health.py"])
def test_pages_import_only_the_domain_their_forms_and_flask(package: str) -> None:
    problems = [
        f"{path.relative_to(PACKAGE.parent)} imports {problem}"
        for path in modules(package)
        for module, names in imports(path)
        if (problem := page_import_problem(module, names, package)) is not None
    ]
    assert not problems


def test_no_import_between_the_student_and_teacher_packages() -> None:
    for mine, theirs in (("student", "teacher"), ("teacher", "student")):
        for path in modules(mine):
            crossing = [m for m, _ in imports(path) if m.startswith(f"quizapp.{theirs}")]
            assert not crossing, f"{path.name} of {mine}/ imports {crossing}"


def test_the_domain_never_imports_a_page() -> None:
    for path in modules("domain"):
        pages = [m for m, _ in imports(path) if m.split(".")[:2] in (["quizapp", p] for p in PAGES)]
        assert not pages, f"domain/{path.name} imports {pages}"


def test_the_generator_is_free_of_flask_and_the_database() -> None:
    for path in modules("generation"):
        used = {top(m) for m, _ in imports(path)}
        assert not used & {"flask", "flask_sqlalchemy", "sqlalchemy"}, path.name
        assert "quizapp.models" not in {m for m, _ in imports(path)}, path.name


def test_the_checker_sees_a_crossing() -> None:
    """The rules above can fail: a view importing the models, or the other audience's
    forms, is a problem; its own forms and the domain are not."""
    assert page_import_problem("quizapp.models", {"Quiz"}, "student") == "quizapp.models"
    assert page_import_problem("quizapp.teacher.forms", {"QuizForm"}, "student")
    assert page_import_problem("quizapp.extensions", {"db"}, "teacher")
    assert page_import_problem("quizapp.generation", {"generate_questions"}, "teacher")
    assert page_import_problem(".models", {"Quiz"}, "student") == ".models"
    assert page_import_problem("quizapp.student.forms", {"JoinForm"}, "student") is None
    assert page_import_problem("quizapp.domain.attempts", {"read_attempt"}, "student") is None


def test_no_code_points_outside_the_repository() -> None:
    """Design notes live in the repository (docs/ and the README); no comment or docstring of
    the code, its tests, templates or script sends a reader to a file outside it."""
    outside = ("../shared", "DESIGN.md", "GENERATION.md", "RATING.md", "STYLE.md")
    root = PACKAGE.parent
    files = [*PACKAGE.rglob("*.py"), *root.joinpath("tests").rglob("*.py")]
    files += [*root.joinpath("templates").rglob("*.html"), *root.joinpath("static").rglob("*.js")]
    for path in files:
        if path.name == Path(__file__).name:
            continue
        found = [name for name in outside if name in path.read_text()]
        assert not found, f"{path.relative_to(root)} points outside the repository: {found}"
