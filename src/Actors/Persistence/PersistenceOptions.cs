using System.ComponentModel.DataAnnotations;

namespace WheelStrat.Actors.Persistence;

public enum PersistenceProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Where orders and executions are journaled. Section "Persistence".</summary>
public sealed class PersistenceOptions : IValidatableObject
{
    public const string Section = "Persistence";

    public PersistenceProvider Provider { get; set; } = PersistenceProvider.Sqlite;

    /// <summary>SQLite file, created with its directory on first start.</summary>
    public string SqlitePath { get; set; } = "data/wheelstrat.db";

    /// <summary>PostgreSQL connection string (Npgsql syntax), passed through unchanged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The connection string and linq2db provider name that the journal and the bar store share.</summary>
    public (string ConnectionString, string ProviderName) Database()
    {
        if (Provider == PersistenceProvider.Sqlite)
        {
            var path = Path.GetFullPath(SqlitePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return ($"Data Source={path}", LinqToDB.ProviderName.SQLiteMS);
        }

        return (ConnectionString!, LinqToDB.ProviderName.PostgreSQL15);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == PersistenceProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("is required when Provider is PostgreSql", [nameof(ConnectionString)]);
        }

        if (Provider == PersistenceProvider.PostgreSql && PasswordOf(ConnectionString) is { } password && Placeholders.IsPlaceholder(password))
        {
            yield return new ValidationResult(
                "has the placeholder password from .env.example (POSTGRES_PASSWORD=change-me); set a real one (openssl rand -hex 24)", [nameof(ConnectionString)]);
        }
    }

    private static string? PasswordOf(string? connectionString)
    {
        try
        {
            var parts = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            return parts.TryGetValue("password", out var p) ? p?.ToString() : null;
        }
        catch (ArgumentException)
        {
            return null; // not a connection string at all: Npgsql says why at the first connect
        }
    }
}
