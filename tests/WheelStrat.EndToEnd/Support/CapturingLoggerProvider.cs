using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace WheelStrat.EndToEnd.Support;

/// <summary>Keeps every log line the bridge writes (ASP.NET and Akka alike), for assertions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The raw structured state too: a secret must not hide in a property that is not in the message.
            var properties = state is IEnumerable<KeyValuePair<string, object?>> kvs ? string.Join(";", kvs.Select(kv => $"{kv.Key}={kv.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {properties} {exception}");
        }
    }
}
