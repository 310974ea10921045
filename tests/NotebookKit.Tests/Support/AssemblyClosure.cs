using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace NotebookKit.Tests.Support;

/// <summary>
/// An assembly and every assembly it references that sits in the same folder (its dependency
/// closure as a notebook host loads it), read as metadata only: nothing is loaded.
/// </summary>
internal static class AssemblyClosure
{
    public sealed record Reference(string Assembly, string Name, Version Version);

    /// <summary>Every reference made by every assembly of the closure of <paramref name="root"/>.</summary>
    public static IReadOnlyList<Reference> ReferencesOf(string root)
    {
        var folder = Path.GetDirectoryName(root)!;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>([root]);
        var references = new List<Reference>();
        while (pending.Count > 0)
        {
            var path = pending.Pop();
            if (!seen.Add(path)) continue;
            using var pe = new PEReader(File.OpenRead(path));
            var metadata = pe.GetMetadataReader();
            var self = metadata.GetString(metadata.GetAssemblyDefinition().Name);
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                var name = metadata.GetString(reference.Name);
                references.Add(new Reference(self, name, reference.Version));
                var next = Path.Combine(folder, name + ".dll");
                if (File.Exists(next)) pending.Push(next);
            }
        }
        return references;
    }

    /// <summary>The assemblies of the closure (by name).</summary>
    public static IReadOnlySet<string> AssembliesOf(string root) => ReferencesOf(root).Select(r => r.Assembly).ToHashSet();
}
