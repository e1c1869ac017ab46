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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == PersistenceProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("is required when Provider is PostgreSql", [nameof(ConnectionString)]);
        }
    }
}
