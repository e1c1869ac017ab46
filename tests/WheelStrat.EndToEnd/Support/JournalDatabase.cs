using Npgsql;

namespace WheelStrat.EndToEnd.Support;

/// <summary>
/// A fresh journal for one test: a new SQLite file, or a new database on the real PostgreSQL that
/// tests/pg.sh starts (WHEELSTRAT_TEST_PG). Without that server the PostgreSQL cases fail loudly.
/// </summary>
public sealed record JournalDatabase(string Provider, string Value)
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";

    public static async Task<JournalDatabase> CreateAsync(string provider)
    {
        if (provider == Sqlite)
        {
            return new JournalDatabase(provider, Path.Combine(Path.GetTempPath(), "wheelstrat-tests", $"{Guid.NewGuid():N}.db"));
        }

        var admin = System.Environment.GetEnvironmentVariable("WHEELSTRAT_TEST_PG")
            ?? throw new InvalidOperationException("WHEELSTRAT_TEST_PG is not set: run the tests with ./test.sh, which starts PostgreSQL (tests/pg.sh)");
        var name = $"wheelstrat_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new JournalDatabase(provider, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    /// <summary>As configuration keys (in-process bridge).</summary>
    public Dictionary<string, string?> Settings => Provider == Sqlite
        ? new() { ["Persistence:Provider"] = Sqlite, ["Persistence:SqlitePath"] = Value }
        : new() { ["Persistence:Provider"] = PostgreSql, ["Persistence:ConnectionString"] = Value };

    /// <summary>As environment variables (bridge process).</summary>
    public Dictionary<string, string> Environment => Settings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
}
