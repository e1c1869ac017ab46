using System.Globalization;

namespace WheelStrat.Benchmarks.Load;

public sealed record LoadOptions(string Bridge, int Concurrency, TimeSpan Duration, string[] Mix, bool Stall, string? Output, IReadOnlyDictionary<string, string> GcSettings)
{
    public static LoadOptions Parse(string[] args)
    {
        string? bridge = null, output = null;
        var concurrency = 64;
        var seconds = 30;
        var mix = new[] { "bare-ping", "ping", "health", "quote", "quotes", "option-chain", "history", "orders", "order" };
        var stall = false;
        var gc = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => args[++i];
            switch (args[i])
            {
                case "--bridge": bridge = Next(); break;
                case "--concurrency": concurrency = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--mix": mix = Next().Split(','); break;
                case "--stall": stall = true; break;
                case "--out": output = Next(); break;
                case "--env":
                    var kv = Next().Split('=', 2);
                    gc[kv[0]] = kv[1];
                    break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return new LoadOptions(bridge ?? throw new ArgumentException("--bridge <publish dir of src/Host> is required"),
            concurrency, TimeSpan.FromSeconds(seconds), mix, stall, output, gc);
    }
}
