using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Tests.Wire;

/// <summary>The fast paths must agree exactly with a full parse wherever they accept the text.</summary>
public sealed class NumberParsingSpecs
{
    [Fact]
    public void Fast_double_parse_equals_the_full_parse()
    {
        var texts = Gen.Choose(0, int.MaxValue - 1).Select(seed =>
        {
            var rnd = new Random(seed);
            var digits = rnd.Next(1, 17);
            var point = rnd.Next(0, digits + 1);
            var sb = new StringBuilder(rnd.Next(4) == 0 ? "-" : "");
            for (var i = 0; i < digits; i++)
            {
                if (i == point && i > 0)
                {
                    sb.Append('.');
                }

                sb.Append((char)('0' + rnd.Next(10)));
            }

            return sb.ToString();
        }).ToArbitrary();

        Prop.ForAll(texts, text =>
            {
                var bytes = Encoding.ASCII.GetBytes(text);
                if (NumberParsing.TryParseSimpleDouble(bytes, out var fast))
                {
                    Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), fast);
                }

                if (NumberParsing.TryParseSimpleDecimal(bytes, out var dec))
                {
                    Assert.Equal(decimal.Parse(text, CultureInfo.InvariantCulture), dec);
                }
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(20_000));
    }

    [Theory]
    [InlineData("1.0E-4")]
    [InlineData("1.7976931348623157E308")]
    [InlineData("Infinity")]
    [InlineData("1234567890123456.5")]
    [InlineData("1.2.3")]
    [InlineData("-")]
    public void Anything_but_plain_short_decimals_is_left_to_the_full_parser(string text) =>
        Assert.False(NumberParsing.TryParseSimpleDouble(Encoding.ASCII.GetBytes(text), out _));
}
