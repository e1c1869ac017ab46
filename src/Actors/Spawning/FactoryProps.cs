using Akka.Actor;

namespace WheelStrat.Actors.Spawning;

/// <summary>
/// Props from a plain factory delegate, for actors started per request or per entity (an order, a history job, an IB
/// request, a stream, a quote line, a preview). <c>Props.Create(() =&gt; new X(a, b.C, F()))</c> parses its expression
/// on every call and compiles each argument that is not a plain captured variable into a dynamic method; the runtime
/// later finalizes every one of them. Under the load driver that finalizer alone took 12% of the bridge's CPU
/// (docs/benchmarks.md, "Orders on Akka.Cluster.Sharding"). A delegate costs nothing of the kind. These props are
/// for local actors only (a delegate cannot be deployed remotely; sharding builds entity props on the node that hosts
/// them). Unlike an expression, the delegate runs when the actor starts, on the new actor's thread, and again on every
/// restart: read <c>Sender</c> and any field that changes into locals before building the props.
/// </summary>
public static class FactoryProps
{
    public static Props Of<TActor>(Func<TActor> factory)
        where TActor : ActorBase => Props.CreateBy(new Producer<TActor>(factory));

    private sealed class Producer<TActor>(Func<TActor> factory) : IIndirectActorProducer
        where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => factory();

        public void Release(ActorBase actor)
        {
        }
    }
}
