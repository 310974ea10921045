namespace NotebookKit.Display;

/// <summary>
/// Names the class that creates this type's formatters. Notebook hosts (the .NET Interactive
/// kernel behind VS Code's Polyglot Notebooks, and the kit's own engine) find this attribute by
/// its name, so kit objects render as HTML without the kit referencing any notebook package.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, Inherited = true)]
public sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>A class with a public parameterless constructor and <c>CreateTypeFormatters()</c>.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>MIME types a host should prefer for this type.</summary>
    public string[] PreferredMimeTypes { get; set; } = [HtmlFormatter.HtmlMimeType];
}
