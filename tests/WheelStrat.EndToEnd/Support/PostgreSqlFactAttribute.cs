namespace WheelStrat.EndToEnd.Support;

/// <summary>A test that needs the real PostgreSQL of tests/pg.sh: skipped, with the reason, when WHEELSTRAT_TEST_PG is not set.</summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WHEELSTRAT_TEST_PG")))
        {
            Skip = "WHEELSTRAT_TEST_PG is not set: run with ./test.sh, or '. tests/pg.sh' first, to start PostgreSQL";
        }
    }
}
