using System.ComponentModel.DataAnnotations;

namespace WheelStrat.Actors.Tests.Support;

/// <summary>Validates options as the host does at start (data annotations and IValidatableObject).</summary>
public static class OptionsValidation
{
    /// <summary>The member names of every validation error.</summary>
    public static List<string> Errors(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.SelectMany(r => r.MemberNames)];
    }
}
