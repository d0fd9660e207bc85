"""`make check-sqlserver`: the project checked for SQL Server without a server.

1. Every model (and data test) is compiled for the `sqlserver` target offline
   (`dbt compile --no-populate-cache --no-introspect`: nothing may need a connection).
2. Each compiled statement is parsed as T-SQL by sqlglot's tsql dialect.
3. Constructs T-SQL lacks are refused, by token and by syntax tree (REFUSED_TOKENS, TYPE_RULES,
   the function allow-list and the tree checks below), so that a model which only DuckDB,
   PostgreSQL or Spark would run fails here, not on a council's server.

What this does not check (no SQL Server runs here): that the server accepts every statement, the
types it infers for each column, its results, and dbt-sqlserver's own materialisation SQL. See
README, Warehouses.

Exit 0 when every statement passes; otherwise one line per problem (model: construct) and exit 1;
exit 2 when the project does not compile.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError
from sqlglot.tokens import Token, TokenType

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHECKED_RESOURCES = ("model", "test")
# models whose boolean values are not yet written for T-SQL (see the file's header)
PENDING_FILE = Path(__file__).resolve().parent / "sqlserver_pending.txt"
PENDING_KINDS = frozenset(
    {
        "a value used as a condition",
        "a comparison used as a value",
        "boolean literal true",
        "boolean literal false",
    }
)

# tokens whose construct T-SQL lacks -> what to write instead
REFUSED_TOKENS = {
    TokenType.DPIPE: "|| string concatenation (T-SQL: + or concat())",
    TokenType.DCOLON: ":: cast (T-SQL: cast(x as type))",
    TokenType.ILIKE: "ilike (T-SQL: like, case-insensitive by collation)",
    TokenType.RLIKE: "rlike regular expression (T-SQL has no regular expressions: like patterns)",
    TokenType.SIMILAR_TO: "similar to (T-SQL: like patterns)",
    TokenType.TILDE: "~ regular expression match (T-SQL: like patterns)",
    TokenType.LIMIT: "limit (T-SQL: top (n) or offset ... fetch)",
    TokenType.TRUE: "boolean literal true (T-SQL has no boolean values: 1 or 0 in a bit)",
    TokenType.FALSE: "boolean literal false (T-SQL has no boolean values: 1 or 0 in a bit)",
    TokenType.QUALIFY: "qualify (T-SQL: filter a ranked subquery)",
    TokenType.USING: "join ... using (T-SQL: join ... on)",
    TokenType.INTERVAL: "interval arithmetic (T-SQL: dateadd / datediff)",
    TokenType.ARRAY: "arrays (T-SQL has none)",
    TokenType.STRUCT: "structs (T-SQL has none)",
}
# word sequences T-SQL lacks (compared in lower case, token by token)
REFUSED_SEQUENCES = {
    ("filter", "(", "where"): "aggregate filter (where ...) (T-SQL: aggregate a case expression)",
    ("nulls", "first"): "nulls first (T-SQL sorts nulls first ascending; use a case key)",
    ("nulls", "last"): "nulls last (T-SQL sorts nulls first ascending; use a case key)",
    ("is", "distinct", "from"): "is distinct from (SQL Server 2022 only)",
    ("is", "not", "distinct", "from"): "is not distinct from (SQL Server 2022 only)",
    ("group", "by", "all"): "group by all (T-SQL: list the columns)",
    ("except", "all"): "except all (T-SQL: except)",
    ("intersect", "all"): "intersect all (T-SQL: intersect)",
}
# type names T-SQL lacks or means differently, when cast to or declared
TYPE_RULES = {
    "boolean": "boolean type (T-SQL: bit)",
    "bool": "boolean type (T-SQL: bit)",
    "string": "string type (T-SQL: varchar(n) / nvarchar(max))",
    "text": "text type (deprecated in T-SQL: varchar(max))",
    "double": "double without precision (T-SQL: float or double precision)",
    "timestamp": "timestamp type (T-SQL's timestamp is a row version: datetime2)",
    "int64": "int64 (T-SQL: bigint)",
    "hugeint": "hugeint (T-SQL: decimal(38, 0))",
}
# types that need their size in T-SQL: varchar(30) and decimal(18, 0) are silent defaults
SIZED_TYPES = {"varchar", "nvarchar", "char", "nchar", "decimal", "numeric"}
# built-in functions of SQL Server 2019 and Azure SQL that the project may call (and type names
# followed by a size); any other name( is refused. regexp_like is SQL Server 2025's and Azure
# SQL's: the masking of identifiers in data_quality_rejections (matches_pattern) needs it.
TSQL_FUNCTIONS = frozenset(
    """
    abs acos asin atan atn2 avg cast ceiling charindex checksum choose coalesce concat concat_ws
    convert cos count count_big cume_dist datalength dateadd datediff datediff_big datefromparts
    datename datepart day dense_rank eomonth exp first_value floor format getdate getutcdate
    hashbytes iif isdate isjson isnull isnumeric json_query json_value lag last_value lead left
    len log log10 lower ltrim max min month nchar newid ntile nullif openjson patindex
    percent_rank percentile_cont percentile_disc power quotename rank replace replicate reverse
    right round row_number rtrim sign sin sqrt square stdev stdevp str string_agg string_split
    stuff substring sum sysdatetime sysutcdatetime tan translate trim try_cast try_convert
    try_parse upper var varp year ascii unicode space char object_id schema_id
    sql_variant_property
    regexp_like
    decimal numeric varchar nvarchar varbinary binary datetime2 datetimeoffset time float
    """.split()
)
# words that may stand before an opening parenthesis without being a function call
NOT_CALLS = frozenset(
    """
    in over as exists values from join on and or not when then else select where union all by
    distinct with having apply is like between case intersect except within group into top rows
    range using filter
    """.split()
)
WORD = re.compile(r"^[a-z_][a-z0-9_]*$")


def compile_project(target_path: Path) -> dict:
    """`dbt compile` for the sqlserver target with no connection; the manifest."""
    from dbt.cli.main import dbtRunner

    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    args = [
        "compile",
        *("--target", "sqlserver", "--no-populate-cache", "--no-introspect"),
        *("--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)),
        *("--target-path", str(target_path), "--quiet"),
    ]
    result = dbtRunner().invoke(args)
    if not result.success:
        detail = str(result.exception).strip().splitlines() if result.exception else []
        print(
            "check-sqlserver: the project does not compile for sqlserver"
            + (f": {detail[-1]}" if detail else ""),
            file=sys.stderr,
        )
        raise SystemExit(2)
    return json.loads((target_path / "manifest.json").read_text(encoding="utf-8"))


def compiled_nodes(manifest: dict) -> Iterator[tuple[str, str, str]]:
    """(node name, name to show, compiled SQL) of every model and data test."""
    for node in manifest["nodes"].values():
        if node["resource_type"] in CHECKED_RESOURCES and node.get("compiled_code"):
            shown = node["original_file_path"] + f" ({node['name']})"
            yield node["name"], shown, node["compiled_code"]


def token_problems(tokens: list[Token]) -> Iterator[str]:
    words = [token.text.lower() for token in tokens]
    for index, token in enumerate(tokens):
        if token.token_type in REFUSED_TOKENS:
            yield REFUSED_TOKENS[token.token_type]
        for sequence, message in REFUSED_SEQUENCES.items():
            if tuple(words[index : index + len(sequence)]) == sequence:
                yield message
        if token.token_type is TokenType.STRING or token.token_type is TokenType.IDENTIFIER:
            continue
        word = words[index]
        double_precision = word == "double" and following_word(words, index) == "precision"
        if word in TYPE_RULES and words[index - 1 : index] == ["as"] and not double_precision:
            yield TYPE_RULES[word]
        following = following_word(words, index)
        if word in SIZED_TYPES and index > 0 and words[index - 1] == "as" and following != "(":
            yield f"{word} without a size (T-SQL makes it {word_default(word)})"
        is_call = following == "(" and WORD.match(word) and word not in NOT_CALLS
        # schema.function( is user-defined; `as name (columns)` names a derived table's columns
        qualified = index > 0 and words[index - 1] in (".", "as")
        if is_call and not qualified and word not in TSQL_FUNCTIONS and word not in TYPE_RULES:
            yield f"{word}() is not a T-SQL built-in function"


def following_word(words: list[str], index: int) -> str:
    return words[index + 1] if index + 1 < len(words) else ""


def word_default(word: str) -> str:
    return "30 characters in a cast" if "char" in word else f"{word}(18, 0): no decimals"


CONDITIONS = (exp.Predicate, exp.Connector, exp.Not)


def is_condition(node: exp.Expression) -> bool:
    node = node.unnest() if isinstance(node, exp.Paren) else node
    if isinstance(node, exp.Connector):
        return is_condition(node.left) and is_condition(node.right)
    if isinstance(node, exp.Not):
        return is_condition(node.this)
    return isinstance(node, exp.Predicate)


def condition_slots(tree: exp.Expression) -> Iterator[exp.Expression]:
    """Every place T-SQL wants a condition: where, having, join on, case when, iif."""
    for clause in tree.find_all(exp.Where, exp.Having):
        yield clause.this
    for join in tree.find_all(exp.Join):
        if join.args.get("on"):
            yield join.args["on"]
    for branch in tree.find_all(exp.If):
        owner = branch.parent
        if not (isinstance(owner, exp.Case) and owner.this is not None):  # case x when 1: a value
            yield branch.this


def tree_problems(tree: exp.Expression) -> Iterator[str]:
    slots = list(condition_slots(tree))
    slot_ids = {id(slot) for slot in slots}
    for slot in slots:
        if not is_condition(slot):
            yield f"a value used as a condition: {excerpt(slot)} (T-SQL wants a comparison: = 1)"
    for node in tree.find_all(*CONDITIONS):
        parent = node.parent
        while isinstance(parent, exp.Paren):
            parent = parent.parent
        if isinstance(parent, CONDITIONS):
            continue  # part of a larger condition, judged there
        outer = node
        while isinstance(outer.parent, exp.Paren):
            outer = outer.parent
        if id(outer) not in slot_ids and id(node) not in slot_ids:
            yield f"a comparison used as a value: {excerpt(node)} (T-SQL: case when ... end)"
    for select in tree.find_all(exp.Select):
        order = select.args.get("order")
        paged = select.args.get("limit") or select.args.get("offset")
        if order is not None and not paged:
            # dbt-sqlserver builds a table through a view, where the same rule holds
            yield "order by without top / offset (T-SQL refuses it in a view, CTE or subquery)"
        if select.args.get("with") is not None and select is not tree:
            yield "with (CTE) inside a subquery (T-SQL allows it only at the statement's start)"
        group = select.args.get("group")
        if group is not None and any(isinstance(key, exp.Literal) for key in group.expressions):
            yield "group by a column number (T-SQL: group by the expression)"


def excerpt(node: exp.Expression) -> str:
    text = " ".join(node.sql().split())
    return text if len(text) <= 70 else text[:67] + "..."


def check_statement(sql: str) -> list[str]:
    dialect = sqlglot.Dialect.get_or_raise("tsql")
    try:
        tokens = dialect.tokenize(sql)
        trees = dialect.parse(sql)
    except ParseError as error:
        return [f"not T-SQL: {str(error).splitlines()[0]}"]
    problems = list(token_problems(tokens))
    for tree in trees:
        if tree is not None:
            problems += tree_problems(tree)
    return sorted(set(problems))


def problem_kind(problem: str) -> str:
    """The problem without its excerpt: what the pending list names."""
    return problem.split(":")[0].split(" (")[0]


def read_pending() -> set[tuple[str, str]]:
    """(node, kind) pairs known and not yet ported: boolean values only (PENDING_FILE says why)."""
    pending = set()
    for line in PENDING_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            node, kind = (part.strip() for part in line.split(": ", 1))
            if kind not in PENDING_KINDS:
                raise SystemExit(f"{PENDING_FILE.name}: only boolean constructs may wait: {line}")
            pending.add((node, kind))
    return pending


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ascof-sqlserver-") as scratch:
        keep = os.environ.get("ASCOF_SQLSERVER_CHECK_DIR")  # keep the compiled SQL to read
        manifest = compile_project(Path(keep) if keep else Path(scratch))
    pending = read_pending()
    checked, failures, waiting = 0, [], set()
    for node, name, sql in sorted(compiled_nodes(manifest)):
        checked += 1
        for problem in check_statement(sql):
            if (node, problem_kind(problem)) in pending:
                waiting.add((node, problem_kind(problem)))
            else:
                failures.append(f"{name}: {problem}")
    for line in failures:
        print(line)
    for node, kind in sorted(pending - waiting):
        print(f"{node}: {kind} is ported now: remove it from {PENDING_FILE.name}")
    print(
        f"check-sqlserver: {checked} compiled models and data tests parsed as T-SQL; "
        f"{len(failures)} problem(s); {len(waiting)} known boolean construct(s) in "
        f"{len({node for node, _ in waiting})} model(s) still to port ({PENDING_FILE.name})",
        file=sys.stderr,
    )
    return 1 if failures or pending - waiting else 0


if __name__ == "__main__":
    raise SystemExit(main())
