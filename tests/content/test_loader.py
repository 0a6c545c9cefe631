"""The validating loader: bundles, YAML traps, safety limits, caching and the reuse API."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from assessment.content import questionnaires as loader
from assessment.content.questionnaires import (
    bundled_questionnaires,
    check_file,
    load_bundle,
    load_bundle_text,
    load_catalogue,
    load_model_file,
    load_model_text,
    locate,
    resolve_questionnaire,
    validate_paths,
)
from assessment.content.yamldoc.source import parse_text
from assessment.model.errors import ContentError, Problem
from assessment.model.questionnaire import PerilCatalogue

HERE = Path(__file__).resolve().parents[1]
MINI = HERE / "fixtures" / "mini" / "mini.yaml"
MINI_PERILS = HERE / "fixtures" / "mini" / "perils.yaml"
BROKEN = HERE / "fixtures" / "broken"
QUESTIONNAIRES = HERE.parent / "questionnaires"


def lines(exc: pytest.ExceptionInfo[ContentError]) -> list[str]:
    """The printed lines of a ContentError."""
    return exc.value.lines()


def test_mini_bundle_loads_with_its_catalogue() -> None:
    bundle = load_bundle(MINI)
    q = bundle.questionnaire
    assert (q.id, q.title) == ("mini", "Mini readiness check")
    assert [d.id for d in q.dimensions] == [
        "strategy",
        "customer-focus",
        "process",
        "people",
        "technology",
    ]
    assert len(q.questions()) == 10
    assert [r.peril for r in q.rules] == [
        "no-strategy",
        "silos",
        "perception-gap",
        "hounding",
        "people-neglected",
    ]
    assert bundle.catalogue.id == "mini-perils"
    assert bundle.source == str(MINI)
    expected = hashlib.sha256(MINI.read_bytes() + b"\0" + MINI_PERILS.read_bytes()).hexdigest()
    assert bundle.sha256 == expected


def test_yaml_11_traps_stay_text() -> None:
    bundle = load_bundle(MINI)
    # `version: 1.10` unquoted would be the float 1.1 under YAML 1.1.
    assert bundle.questionnaire.version == "1.10"
    # `blocking: yes` is still a boolean field, so it reads as true.
    assert bundle.catalogue.get("no-strategy").blocking is True
    text = MINI.read_text().replace("id: mini\n", "id: on\n").replace("- id: st-goals", "- id: no")
    text = text.replace("st-goals, lte: 2", "no, lte: 2").replace("title: Mini", "title: NO Mini")
    text = text.replace("version: 1.10", "version: 12:30")
    q = load_bundle_text(text, "traps.yaml").questionnaire
    assert (q.id, q.version, q.title) == ("on", "12:30", "NO Mini readiness check")
    assert q.dimensions[0].questions[0].id == "no"


def test_numbers_given_to_text_fields_keep_their_written_form() -> None:
    text = MINI.read_text().replace("title: Mini readiness check", "title: 2024")
    text = text.replace("version: 1.10", "version: 007")
    q = load_bundle_text(text, "numbers.yaml").questionnaire
    assert (q.title, q.version) == ("2024", "007")


def test_load_bundle_text_uses_the_bundled_catalogue_and_never_reads_perils_file() -> None:
    text = MINI.read_text().replace("perils_file: perils.yaml", "perils_file: /etc/passwd")
    bundle = load_bundle_text(text, "upload.yaml")
    assert bundle.catalogue.id == load_catalogue().id == "crm-perils"
    assert bundle.source == "upload.yaml"
    cat_bytes = (QUESTIONNAIRES / "perils.yaml").read_bytes()
    assert bundle.sha256 == hashlib.sha256(text.encode() + b"\0" + cat_bytes).hexdigest()


def test_load_bundle_text_with_a_given_catalogue() -> None:
    catalogue = load_catalogue(MINI_PERILS)
    bundle = load_bundle_text(MINI.read_text(), "upload.yaml", catalogue)
    assert bundle.catalogue is catalogue


def test_load_bundle_text_reports_against_the_given_name() -> None:
    text = MINI.read_text().replace("weight: 1.5", "weight: 1.5\n        wieght: 2")
    with pytest.raises(ContentError) as exc:
        load_bundle_text(text, "upload.yaml")
    assert lines(exc) == [
        "upload.yaml:109:9: dimensions[technology].questions[te-single-view].wieght: "
        "unknown key 'wieght' (hint: did you mean 'weight'?)"
    ]


def test_unknown_peril_against_the_bundled_catalogue() -> None:
    text = MINI.read_text().replace("- peril: hounding", "- peril: pestering")
    with pytest.raises(ContentError) as exc:
        load_bundle_text(text, "upload.yaml")
    assert lines(exc) == [
        "upload.yaml:139:12: rules[3].peril: unknown peril 'pestering': "
        "it is not in the catalogue (bundled)"
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    bad = tmp_path / "q.yaml"
    text = MINI.read_text().replace("perils_file: perils.yaml", f"perils_file: {MINI_PERILS}")
    text = text.replace("weight: 2\n", "weight: -1\n").replace("help: A programme", "hlep: A")
    text = text.replace("{question: st-goals, lte: 2}", "{question: st-goal, lte: 2}")
    bad.write_text(text)
    with pytest.raises(ContentError) as exc:
        load_bundle(bad)
    assert lines(exc) == [
        f"{bad}:15:17: dimensions[strategy].questions[st-goals].weight: "
        "must be greater than 0 (got -1)",
        f"{bad}:29:9: dimensions[strategy].questions[st-sponsor].hlep: "
        "unknown key 'hlep' (hint: did you mean 'help'?)",
        f"{bad}:128:22: rules[0].when.any[0].question: unknown question 'st-goal' "
        "(hint: did you mean 'st-goals'?)",
    ]


def test_problems_in_the_catalogue_come_with_the_questionnaire_ones(tmp_path: Path) -> None:
    (tmp_path / "perils.yaml").write_text(
        MINI_PERILS.read_text().replace("severity: medium", "severity: low", 1)
    )
    q = tmp_path / "q.yaml"
    q.write_text(MINI.read_text().replace("weight: 2\n", "weight: 20\n"))
    with pytest.raises(ContentError) as exc:
        load_bundle(q)
    assert lines(exc) == [
        f"{q}:15:17: dimensions[strategy].questions[st-goals].weight: must be at most 10 (got 20)",
        f"{tmp_path / 'perils.yaml'}:35:15: perils[hounding].severity: must be one of critical, "
        "high, medium (got 'low')",
    ]


def test_missing_catalogue_without_a_perils_file_key(tmp_path: Path) -> None:
    q = tmp_path / "q.yaml"
    q.write_text(MINI.read_text().replace("perils_file: perils.yaml\n", ""))
    with pytest.raises(ContentError) as exc:
        load_bundle(q)
    assert lines(exc) == [
        f"{q}:3:1: perils_file: the peril catalogue 'perils.yaml' does not exist next to this file"
    ]


def test_alias_bomb_is_rejected_quickly() -> None:
    rows = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = "\n".join(["id: bomb", *rows]) + "\n"
    start = time.perf_counter()
    with pytest.raises(ContentError) as exc:
        load_bundle_text(text, "bomb.yaml")
    assert time.perf_counter() - start < 0.5
    hint = "(hint: anchors and aliases are not supported; write the content out in full)"
    assert f"bomb.yaml:2:5: a0: anchor '&a0' is not allowed (9 more in this file) {hint}" in (
        lines(exc)
    )
    assert f"bomb.yaml:3:10: a1[0]: alias '*a0' is not allowed (80 more in this file) {hint}" in (
        lines(exc)
    )
    assert len(lines(exc)) == 15  # the two above, 3 missing keys and 10 unknown keys


@pytest.mark.parametrize(
    "tag", ["!!python/object/apply:os.system", "!!python/object/new:os.system"]
)
def test_python_tags_construct_nothing(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "MARKER"
    text = MINI.read_text().replace("title: Mini", f'title: {tag} ["touch {marker}"]\nx: Mini')
    start = time.perf_counter()
    with pytest.raises(ContentError) as exc:
        load_bundle_text(text, "evil.yaml")
    assert time.perf_counter() - start < 0.5
    assert f"evil.yaml:5:8: title: tag '{tag}' is not allowed" in lines(exc)[0]
    assert not marker.exists()


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("id: big\n" + "# padding\n" * 110_000)
    with pytest.raises(ContentError) as exc:
        load_bundle(big)
    assert lines(exc) == [f"{big}: the file is 1.0 MiB; the limit is 1 MiB"]
    with pytest.raises(ContentError) as exc:
        load_bundle_text(big.read_text(), "big.yaml")
    assert lines(exc) == ["big.yaml: the file is 1.0 MiB; the limit is 1 MiB"]


def test_parsing_is_cached_on_the_file_bytes(tmp_path: Path) -> None:
    q = tmp_path / "q.yaml"
    q.write_text(MINI.read_text())
    (tmp_path / "perils.yaml").write_bytes(MINI_PERILS.read_bytes())
    first, again = load_bundle(q), load_bundle(q)
    assert again.questionnaire is first.questionnaire
    q.write_text(MINI.read_text().replace("title: Mini readiness check", "title: Changed"))
    changed = load_bundle(q)
    assert changed.questionnaire.title == "Changed"
    assert changed.sha256 != first.sha256


def test_resolve_questionnaire_by_path_and_errors(tmp_path: Path) -> None:
    assert resolve_questionnaire(MINI) == MINI
    with pytest.raises(ContentError) as exc:
        resolve_questionnaire("no-such-questionnaire")
    ids = ", ".join(p.stem for p in bundled_questionnaires()) or "none"
    assert lines(exc) == [
        "no-such-questionnaire: no such file, and no bundled questionnaire with this id "
        f"(bundled: {ids})"
    ]
    with pytest.raises(ContentError):
        resolve_questionnaire("perils")  # the catalogue is not a questionnaire
    with pytest.raises(ContentError):
        resolve_questionnaire("../questionnaires/perils")
    with pytest.raises(ContentError) as exc:
        load_bundle(tmp_path / "absent.yaml")
    assert lines(exc) == [f"{tmp_path / 'absent.yaml'}: no such file"]


def test_bundled_questionnaires_resolve_by_id() -> None:
    for path in bundled_questionnaires():
        assert resolve_questionnaire(path.stem) == path
        assert path.name != "perils.yaml"


def test_a_catalogue_is_not_a_questionnaire() -> None:
    with pytest.raises(ContentError) as exc:
        load_bundle(MINI_PERILS)
    assert lines(exc) == [f"{MINI_PERILS}: this is a peril catalogue, not a questionnaire"]


def test_check_file_tells_questionnaires_from_catalogues() -> None:
    q, c = check_file(MINI), check_file(MINI_PERILS)
    assert (q.kind, q.problems, q.bundle is not None) == ("questionnaire", [], True)
    assert (c.kind, c.problems, c.bundle) == ("catalogue", [], None)
    assert validate_paths([MINI, MINI_PERILS]) == []


def test_validate_paths_reports_each_shared_problem_once(tmp_path: Path) -> None:
    (tmp_path / "perils.yaml").write_text(
        MINI_PERILS.read_text().replace("remedy: Nothing.", "remedy:")
    )
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(MINI.read_text())
    problems = validate_paths([tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "perils.yaml"])
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'perils.yaml'}:46:12: perils[unused].remedy: is empty; a value is needed here"
    ]


def test_bundled_content_is_valid() -> None:
    paths = sorted(QUESTIONNAIRES.glob("*.yaml"))
    assert paths, "questionnaires/ holds no content"
    assert validate_paths(paths) == []


class Brand(BaseModel):
    """A stand-in for another module's model loaded through the same machinery."""

    model_config = ConfigDict(extra="forbid")
    name: str
    colour: str = "#123456"


def test_load_model_file_reuses_the_machinery(tmp_path: Path) -> None:
    good = tmp_path / "brand.yaml"
    good.write_text("name: 2024\ncolour: '#abcdef'\n")
    assert load_model_file(good, Brand) == Brand(name="2024", colour="#abcdef")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Acme\ncolor: red\nlogo: &x a\n")
    with pytest.raises(ContentError) as exc:
        load_model_file(bad, Brand)
    assert lines(exc) == [
        f"{bad}:3:7: logo: anchor '&x' is not allowed "
        "(hint: anchors and aliases are not supported; write the content out in full)"
    ]
    with pytest.raises(ContentError) as exc:
        load_model_text("name: Acme\ncolor: red\n", "brand.yaml", Brand)
    assert lines(exc) == [
        "brand.yaml:2:1: color: unknown key 'color' (hint: did you mean 'colour'?)"
    ]
    with pytest.raises(ContentError) as exc:
        load_model_text("- a\n", "brand.yaml", Brand)
    assert lines(exc) == [
        "brand.yaml:1:1: the file holds a list; it must be a mapping of keys (like 'id: ...')"
    ]


def test_problem_objects_carry_their_parts() -> None:
    with pytest.raises(ContentError) as exc:
        load_bundle(BROKEN / "typo-key.yaml")
    [problem] = exc.value.problems
    assert problem == Problem(
        str(BROKEN / "typo-key.yaml"),
        13,
        9,
        "dimensions[strategy].questions[st-goals].wieght",
        "unknown key 'wieght'",
        "did you mean 'weight'?",
    )


def test_catalogue_defaults_to_the_bundled_one() -> None:
    catalogue = load_catalogue()
    assert isinstance(catalogue, PerilCatalogue)
    assert loader.BUNDLED_CATALOGUE == QUESTIONNAIRES / "perils.yaml"


def test_locate_gives_other_checks_positions() -> None:
    bundle = load_bundle(MINI)
    problem = locate(bundle, ("rules", 1, "when"), "never fires", "widen it", warning=True)
    assert problem == Problem(
        str(MINI), 133, 7, "rules[1].when", "never fires", "widen it", warning=True
    )
    uploaded = load_bundle_text(MINI.read_text(), "upload.yaml")
    assert str(locate(uploaded, ("dimensions", 0, "questions", 1), "odd")) == (
        "upload.yaml: dimensions[strategy].questions[st-sponsor]: odd"
    )


CONTENT_FILES = sorted(
    [
        *QUESTIONNAIRES.glob("*.yaml"),
        *(HERE / "fixtures" / "mini").glob("*.yaml"),
        *BROKEN.glob("*.yaml"),
        *(HERE / "fixtures" / "responses").rglob("*.yaml"),
    ],
    key=str,
)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: str(p.relative_to(HERE.parent)))
def test_libyaml_and_pure_python_parsers_agree(path: Path) -> None:
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    fast_doc, fast_problems = parse_text(text, path.name, fast=True)
    pure_doc, pure_problems = parse_text(text, path.name, fast=False)
    assert fast_problems == pure_problems
    if fast_doc is None or pure_doc is None:
        assert fast_doc is pure_doc
        return
    assert (fast_doc.data, fast_doc.values, fast_doc.keys, fast_doc.plain) == (
        pure_doc.data,
        pure_doc.values,
        pure_doc.keys,
        pure_doc.plain,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: *bold* text\n", "1:9: YAML syntax error: '*' or '&' here starts an alias or anchor"),
        ("a:\n  b: 1\n  c\n  d: 3\n", "4:3: YAML syntax error: expected 'key: value' here"),
        ("a: [1, 2\nb: 3\n", "2:2: YAML syntax error: a [ ] list is not closed properly"),
        ("a: {b: 1\n", "2:1: YAML syntax error: a { } mapping is not closed properly"),
        ("a: !x!y z\n", "1:4: YAML syntax error: unknown tag"),
        ('a: "abc\n', "1:4: YAML syntax error: the quote that starts here is never closed"),
        ("a: 1\r\nb:\r\n\tc: 2\r\n", "3:1: YAML syntax error: a tab is used for indentation"),
    ],
)
def test_syntax_errors_read_the_same_with_either_parser(text: str, expected: str) -> None:
    for fast in (True, False):
        doc, problems = parse_text(text, "f.yaml", fast=fast)
        assert doc is None
        assert [str(p).split(" (hint")[0] for p in problems] == [f"f.yaml:{expected}"]


def test_huge_numbers_of_values_stop_early() -> None:
    text = "id: x\nrules: [" + "1, " * 200_000 + "1]\n"
    start = time.perf_counter()
    with pytest.raises(ContentError) as exc:
        load_bundle_text(text, "many.yaml")
    assert time.perf_counter() - start < 3
    assert lines(exc) == [
        "many.yaml:2:74994: the file holds more than 25,000 values, far more than content needs"
    ]


def test_at_most_a_hundred_problems_per_file() -> None:
    text = "id: x\n" + "".join(f"key{i}: v\n" for i in range(300))
    with pytest.raises(ContentError) as exc:
        load_bundle_text(text, "keys.yaml")
    assert len(lines(exc)) == 101
    assert lines(exc)[-1] == (
        "keys.yaml: more problems are not shown (only the first 100); fix these first"
    )
