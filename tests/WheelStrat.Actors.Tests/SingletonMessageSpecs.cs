using System.Reflection;
using Akka.TestKit.Xunit2;
using WheelStrat.Actors.Orders;
using Xunit.Abstractions;

namespace WheelStrat.Actors.Tests;

/// <summary>
/// Messages that carry no data are one-line records with an <c>Instance</c>. Between nodes (a sharding stop, a wake-up,
/// a singleton's tick) they go through Akka's default serializer, which makes a new object: value equality makes it
/// the same message again, where a class's reference equality did not.
/// </summary>
public sealed class SingletonMessageSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    public static TheoryData<string> Singletons => [.. SingletonTypes().Select(t => t.FullName!)];

    [Theory]
    [MemberData(nameof(Singletons))]
    public void Survives_the_default_serializer_as_a_message_equal_to_its_instance(string typeName)
    {
        var type = typeof(OrderIndex).Assembly.GetType(typeName, throwOnError: true)!;
        var instance = type.GetField("Instance", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var serializer = Sys.Serialization.FindSerializerFor(instance);

        var back = serializer.FromBinary(serializer.ToBinary(instance), type);

        Assert.IsType(type, back);
        Assert.NotSame(instance, back);
        Assert.Equal(instance, back);
        Assert.Equal(instance.GetHashCode(), back.GetHashCode());
    }

    [Fact]
    public void Every_one_of_them_is_a_record()
    {
        var singletons = SingletonTypes().ToList();

        Assert.True(singletons.Count >= 40, $"found only {singletons.Count}");
        Assert.All(singletons, t => Assert.NotNull(t.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance)));
    }

    /// <summary>Every type of the actors assembly with a public static <c>Instance</c> of its own type.</summary>
    private static IEnumerable<Type> SingletonTypes() => typeof(OrderIndex).Assembly.GetTypes()
        .Where(t => t.GetField("Instance", BindingFlags.Public | BindingFlags.Static) is { } f && f.FieldType == t)
        .OrderBy(t => t.FullName, StringComparer.Ordinal);
}
