using LinqToDB.Mapping;

namespace WheelStrat.Actors.History.Store;

/// <summary>
/// A stored bar. Times are Unix seconds (UTC) so SQLite and PostgreSQL compare them the same way;
/// the primary key (series, time) is the index every read uses.
/// </summary>
[Table("history_bars")]
public sealed class StoredBar
{
    [PrimaryKey(0), Column("con_id")] public int ConId { get; set; }

    [PrimaryKey(1), Column("bar_size", Length = 16), NotNull] public string BarSize { get; set; } = "";

    [PrimaryKey(2), Column("what_to_show", Length = 32), NotNull] public string WhatToShow { get; set; } = "";

    [PrimaryKey(3), Column("use_rth")] public bool UseRth { get; set; }

    [PrimaryKey(4), Column("time_utc")] public long Time { get; set; }

    [Column("open")] public double Open { get; set; }

    [Column("high")] public double High { get; set; }

    [Column("low")] public double Low { get; set; }

    [Column("close")] public double Close { get; set; }

    [Column("volume"), Nullable] public decimal? Volume { get; set; }

    [Column("wap"), Nullable] public decimal? Wap { get; set; }

    [Column("bar_count")] public int Count { get; set; }
}

/// <summary>
/// A range IB has answered for a series, bars or not (a holiday has none): what makes "never fetch
/// twice" hold for empty stretches too.
/// </summary>
[Table("history_coverage")]
public sealed class StoredCoverage
{
    [PrimaryKey(0), Column("con_id")] public int ConId { get; set; }

    [PrimaryKey(1), Column("bar_size", Length = 16), NotNull] public string BarSize { get; set; } = "";

    [PrimaryKey(2), Column("what_to_show", Length = 32), NotNull] public string WhatToShow { get; set; } = "";

    [PrimaryKey(3), Column("use_rth")] public bool UseRth { get; set; }

    [PrimaryKey(4), Column("from_utc")] public long From { get; set; }

    [Column("to_utc")] public long To { get; set; }
}

/// <summary>
/// What IB said a contract spec is (conId, exchange time zone), kept so the bars of an option stay
/// readable after it expires and IB no longer qualifies it.
/// </summary>
[Table("history_contracts")]
public sealed class StoredContract
{
    [PrimaryKey, Column("spec_key", Length = 96)] public string SpecKey { get; set; } = "";

    [Column("con_id")] public int ConId { get; set; }

    [Column("time_zone", Length = 64), NotNull] public string TimeZone { get; set; } = "";
}
