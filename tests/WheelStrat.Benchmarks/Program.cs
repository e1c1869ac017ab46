using BenchmarkDotNet.Running;

namespace WheelStrat.Benchmarks;

public static class Program
{
    // Micro-benchmarks: dotnet run -c Release --project tests/WheelStrat.Benchmarks -- --filter '*'
    // Load driver:      dotnet run -c Release --project tests/WheelStrat.Benchmarks -- load --bridge <publish dir> [options]
    // Journal at 10k:   dotnet run -c Release --project tests/WheelStrat.Benchmarks -- journal <publish dir> [fills]
    // Bar store size:   dotnet run -c Release --project tests/WheelStrat.Benchmarks -- store-size [bars]
    // Streams:          dotnet run -c Release --project tests/WheelStrat.Benchmarks -- stream <publish dir> [streams] [seconds] [output file]
    // Cold chain:       dotnet run -c Release --project tests/WheelStrat.Benchmarks -- cold-chain <publish dir> [runs] [quote settle]
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "load")
        {
            return await Load.LoadDriver.RunAsync(args[1..]);
        }

        if (args.Length > 1 && args[0] == "journal")
        {
            return await Load.JournalBenchmark.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
        }

        if (args.Length > 1 && args[0] == "stream")
        {
            return await Load.StreamBenchmark.RunAsync(
                args[1],
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100,
                TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 30),
                args.Length > 4 ? args[4] : "stream-benchmark.md");
        }

        if (args.Length > 1 && args[0] == "cold-chain")
        {
            return await Load.ColdChainBenchmark.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3, args.Length > 3 ? args[3] : "00:00:01");
        }

        if (args.Length > 0 && args[0] == "store-size")
        {
            return await Store.StoreSize.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
