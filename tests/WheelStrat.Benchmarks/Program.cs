using BenchmarkDotNet.Running;

namespace WheelStrat.Benchmarks;

public static class Program
{
    // dotnet run -c Release --project tests/WheelStrat.Benchmarks -- --filter '*'
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
