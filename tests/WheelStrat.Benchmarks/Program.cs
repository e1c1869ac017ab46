using BenchmarkDotNet.Running;

namespace WheelStrat.Benchmarks;

public static class Program
{
    // Micro-benchmarks: dotnet run -c Release --project tests/WheelStrat.Benchmarks -- --filter '*'
    // Load driver:      dotnet run -c Release --project tests/WheelStrat.Benchmarks -- load --bridge <publish dir> [options]
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "load")
        {
            return await Load.LoadDriver.RunAsync(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
