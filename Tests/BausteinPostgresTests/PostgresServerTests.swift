import Testing

/// The tests against a real PostgreSQL server (`make pg` starts one): the URL comes from `BAUSTEIN_TEST_POSTGRES`.
///
/// All of them run one after another (`.serialized` reaches the nested suites in the extensions), because one restarts
/// the server; each test works in a database of its own (``TestDatabase``).
@Suite(
    "PostgreSQL server",
    .serialized,
    // Without a server the tests cannot run; CI always sets the variable, a developer runs `make pg` first.
    .enabled(
        if: TestDatabase.serverURL != nil,
        "BAUSTEIN_TEST_POSTGRES ist nicht gesetzt: `make pg` starten und die ausgegebene URL exportieren")
)
struct PostgresServerTests {}
