using System.ComponentModel.DataAnnotations;

namespace WheelStrat.Actors.Clustering;

/// <summary>
/// Section "Cluster". By default the bridge is a cluster of one: remoting on loopback with a port the OS picks (so
/// many bridges run side by side) and the node joins itself. Give <see cref="SeedNodes"/> to join other nodes.
/// </summary>
public sealed class ClusterNodeOptions
{
    public const string Section = "Cluster";

    [Required]
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>0: any free port. A node others join through needs a fixed one.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>Addresses such as akka.tcp://wheelstrat@10.0.0.5:4053; empty: this node is its own cluster.</summary>
    public string[] SeedNodes { get; set; } = [];
}
