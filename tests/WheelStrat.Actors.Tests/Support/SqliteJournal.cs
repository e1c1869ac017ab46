using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace WheelStrat.Actors.Tests.Support;

/// <summary>The bridge's store for actor specs: Akka.Persistence.Sql on a fresh SQLite file, events through JournalSerializer.</summary>
public static class SqliteJournal
{
    public static string NewDatabase() => Path.Combine(Path.GetTempPath(), "wheelstrat-tests", $"{Guid.NewGuid():N}.db");

    public static Config Config(string database)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        var connection = $"Data Source={database}";
        return ConfigurationFactory.ParseString($$"""
            akka.actor {
              serializers.wheelstrat-journal = "WheelStrat.Actors.Persistence.JournalSerializer, WheelStrat.Actors"
              serialization-bindings { "WheelStrat.Actors.Persistence.IJournalEvent, WheelStrat.Actors" = wheelstrat-journal }
            }
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql { connection-string = "{{connection}}", provider-name = "{{LinqToDB.ProviderName.SQLiteMS}}", auto-initialize = on }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql { connection-string = "{{connection}}", provider-name = "{{LinqToDB.ProviderName.SQLiteMS}}", auto-initialize = on }
              }
            }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>Sequence numbers of the snapshots stored for a persistence id (Akka.Persistence.Sql's default table).</summary>
    public static List<long> SnapshotsAt(string database, string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT sequence_number FROM snapshot WHERE persistence_id = $id";
        query.Parameters.AddWithValue("$id", persistenceId);
        using var reader = query.ExecuteReader();
        var found = new List<long>();
        while (reader.Read())
        {
            found.Add(reader.GetInt64(0));
        }

        return found;
    }

    /// <summary>Events of a persistence id not deleted yet (Akka.Persistence.Sql marks deleted rows).</summary>
    public static long LiveEvents(string database, string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT count(*) FROM journal WHERE persistence_id = $id AND deleted = 0";
        query.Parameters.AddWithValue("$id", persistenceId);
        return (long)query.ExecuteScalar()!;
    }
}
