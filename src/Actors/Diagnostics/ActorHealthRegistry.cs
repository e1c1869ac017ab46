using System.Collections.Concurrent;
using Akka.Actor;

namespace WheelStrat.Actors.Diagnostics;

/// <summary>One actor as /admin/actors shows it.</summary>
public sealed record ActorHealth(
    string Path,
    string Kind,
    string State,
    string? Owns,
    int Restarts,
    DateTimeOffset StartedAt,
    DateTimeOffset? LastMessageAt,
    int? MailboxDepth);

/// <summary>
/// Per actor system: what every observed actor is, owns and is doing. Actors write their own entry;
/// the admin endpoint reads a snapshot without messaging anyone, so it answers even when actors are busy.
/// An entry that re-registers under the same path is a restart (supervision or backoff supervisor).
/// </summary>
public sealed class ActorHealthRegistry : IExtension
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private readonly ConcurrentDictionary<string, int> _incarnations = new();

    internal Entry Register(IActorRef self, string kind, string? owns)
    {
        var path = self.Path.ToStringWithoutAddress();
        var incarnation = _incarnations.AddOrUpdate(path, 1, (_, n) => n + 1);
        var entry = new Entry(self, kind, owns, incarnation - 1);
        _entries[path] = entry;
        return entry;
    }

    internal void Unregister(IActorRef self, Entry entry) =>
        _entries.TryRemove(new KeyValuePair<string, Entry>(self.Path.ToStringWithoutAddress(), entry));

    /// <summary>Forgets the history of a path that is gone for good (an instrument released, an order done).</summary>
    internal void Forget(IActorRef self) => _incarnations.TryRemove(self.Path.ToStringWithoutAddress(), out _);

    public IReadOnlyList<ActorHealth> Snapshot() =>
        [.. _entries.Select(kv => kv.Value.ToHealth(kv.Key)).OrderBy(a => a.Path, StringComparer.Ordinal)];

    internal sealed class Entry(IActorRef self, string kind, string? owns, int restarts)
    {
        private long _lastMessageTicks;

        public string Kind { get; } = kind;

        public string? Owns { get; set; } = owns;

        public volatile string State = "started";

        public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

        public void Touch() => Volatile.Write(ref _lastMessageTicks, DateTimeOffset.UtcNow.UtcTicks);

        public ActorHealth ToHealth(string path)
        {
            var ticks = Volatile.Read(ref _lastMessageTicks);
            // Local actors expose their mailbox through the cell; remote or dead ones have none.
            int? depth = self is ActorRefWithCell { Underlying: { } cell } ? cell.NumberOfMessages : null;
            return new ActorHealth(path, Kind, State, Owns, restarts, StartedAt,
                ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero), depth);
        }
    }
}

public sealed class ActorHealthRegistryProvider : ExtensionIdProvider<ActorHealthRegistry>
{
    public override ActorHealthRegistry CreateExtension(ExtendedActorSystem system) => new();
}

public static class ActorHealthRegistryExtensions
{
    public static ActorHealthRegistry ActorHealth(this ActorSystem system) =>
        system.WithExtension<ActorHealthRegistry, ActorHealthRegistryProvider>();
}
