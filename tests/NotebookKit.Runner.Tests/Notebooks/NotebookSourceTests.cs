using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Notebooks;

/// <summary>The committed notebooks follow the kit's pattern (notebooks/README.md).</summary>
public sealed class NotebookSourceTests
{
    public static TheoryData<string> NotebookNames() => NotebookChainTests.NotebookNames();

    private static JsonObject Load(string name) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "notebooks", name)))!;

    private static IEnumerable<(string Type, string Source)> Cells(JsonObject notebook) =>
        notebook.Cells().Select(c => (c!["cell_type"]!.GetValue<string>(), Outputs.Text(c["source"])));

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Notebook_IsPolyglotCSharp_45_WithoutCommittedOutputs(string name)
    {
        var notebook = Load(name);
        Assert.Equal(4, notebook["nbformat"]!.GetValue<int>());
        Assert.Equal(5, notebook["nbformat_minor"]!.GetValue<int>());
        Assert.Equal(".net-csharp", notebook["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("csharp", notebook["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
        foreach (var cell in notebook.Cells().Where(c => c!["cell_type"]!.GetValue<string>() == "code"))
        {
            Assert.Empty(cell!["outputs"]!.AsArray());
            Assert.Equal("csharp", cell["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
        }
        var (valid, output) = Tools.ValidateNotebook(Path.Combine(RepoRoot.Path, "notebooks", name));
        Assert.True(valid, output);
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Notebook_StartsWithTitleAndBudget_ThenTheSetupCell(string name)
    {
        var cells = Cells(Load(name)).ToList();
        Assert.StartsWith("# ", cells[0].Source);
        Assert.Matches(@"\*\*Time budget:\*\* .*2-core", string.Join("\n", cells.Where(c => c.Type == "markdown").Take(3).Select(c => c.Source)));
        var setup = cells.First(c => c.Type == "code").Source;
        // Everything is loaded from the kit's build output (natives for this machine only, no download at lesson time).
        var references = Regex.Matches(setup, "^#r \"([^\"]+)\"", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["TorchSharp.dll", "MathNet.Numerics.dll", "NotebookKit.dll"], references.Select(Path.GetFileName));
        foreach (var reference in references)
        {
            Assert.StartsWith("../lib/NotebookKit/bin/Debug/net10.0/", reference);
            var file = Path.GetFullPath(Path.Combine(RepoRoot.Path, "notebooks", reference));
            Assert.True(File.Exists(file), $"{name}: the setup cell references {reference}, which a build of the kit does not produce ({file})");
        }
        Assert.Matches(@"Kit\.Setup\((threads: 1)?\)", setup);
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Notebook_PointsToTheLibraryFilesThatImplementIt(string name)
    {
        var line = Cells(Load(name)).Where(c => c.Type == "markdown").Select(c => c.Source)
            .SelectMany(s => s.Split('\n')).SingleOrDefault(l => l.StartsWith("**Read the code:**", StringComparison.Ordinal));
        Assert.True(line is not null, $"{name} has no '**Read the code:**' line naming the library files it teaches");
        var paths = Regex.Matches(line!, "`([^`]+)`").Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(paths);
        foreach (var path in paths)
            Assert.True(File.Exists(Path.Combine(RepoRoot.Path, path)), $"{name}: 'read the code' names {path}, which does not exist");
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Notebook_RestoresNoPackage(string name)
    {
        // A #r "nuget: TorchSharp-cpu" would download libtorch for every operating system (~620 MB) on first open.
        var nuget = Cells(Load(name)).Where(c => c.Type == "code" && c.Source.Contains("#r \"nuget:", StringComparison.Ordinal)).ToList();
        Assert.True(nuget.Count == 0, $"{name} restores packages: {string.Join(" | ", nuget.Select(c => c.Source.Split('\n')[0]))}");
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void SolutionAndHiddenTestMarkers_AreBalanced(string name)
    {
        foreach (var (_, source) in Cells(Load(name)))
        {
            foreach (var kind in new[] { "SOLUTION", "HIDDEN TESTS" })
            {
                var marks = Regex.Matches(source, $@"// (BEGIN|END) {kind}\b").Select(m => m.Groups[1].Value).ToList();
                for (var i = 0; i < marks.Count; i++) Assert.Equal(i % 2 == 0 ? "BEGIN" : "END", marks[i]);
                Assert.True(marks.Count % 2 == 0, $"{name}: an unclosed // BEGIN {kind}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Notebook_StatesItsStudyTime_NextToItsBudget(string name)
    {
        var opening = string.Join("\n", Cells(Load(name)).Where(c => c.Type == "markdown").Take(3).Select(c => c.Source));
        Assert.Matches(@"\*\*Study time:\*\* about \S+ (minutes|hours?)", opening);
    }

    /// <summary>Chapters 00–09 (Parts 0–II) and 15–17 (Part IV).</summary>
    public static TheoryData<string> ActiveChapters()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepoRoot.Path, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (string.CompareOrdinal(name, "10") < 0 || name.StartsWith("15", StringComparison.Ordinal) || name.StartsWith("16", StringComparison.Ordinal) || name.StartsWith("17", StringComparison.Ordinal))
                data.Add(name);
        }
        return data;
    }

    /// <summary>
    /// Chapters 00–09 and 15–17 ask the learner to do things: a drawn diagram, a question with an
    /// answer to reveal, a prediction to write before running, an exercise whose hidden tests use
    /// inputs the visible checks do not.
    /// </summary>
    [Theory]
    [MemberData(nameof(ActiveChapters))]
    public void Chapter_HasADiagram_AQuestion_APrediction_AndAnExerciseWithHiddenTests(string name)
    {
        var cells = Cells(Load(name)).ToList();
        var code = cells.Where(c => c.Type == "code").Select(c => c.Source).ToList();
        var markdown = cells.Where(c => c.Type == "markdown").Select(c => c.Source).ToList();
        Assert.True(code.Any(c => c.TrimStart().StartsWith("Diagram.", StringComparison.Ordinal)), $"{name} draws no diagram (a cell ending in Diagram.…)");
        Assert.True(markdown.Any(m => m.Contains("<details><summary>", StringComparison.Ordinal) && m.Contains("</details>", StringComparison.Ordinal)), $"{name} has no question or break-it with an answer to reveal");
        Assert.True(code.Any(c => c.Contains("var prediction = \"write your prediction here\";", StringComparison.Ordinal)), $"{name} has no predict-then-run cell");
        Assert.True(code.Any(c => c.Contains("// BEGIN SOLUTION", StringComparison.Ordinal)), $"{name} has no exercise");
        Assert.True(code.Any(c => c.Contains("// BEGIN HIDDEN TESTS", StringComparison.Ordinal)), $"{name} has no hidden tests");
        // Hidden tests sit in the check cell right after the exercise, never inside the solution cell itself.
        Assert.DoesNotContain(code, c => c.Contains("// BEGIN SOLUTION", StringComparison.Ordinal) && c.Contains("// BEGIN HIDDEN TESTS", StringComparison.Ordinal));
    }

    [Fact]
    public void Perceptron_HasAnExerciseWithASolutionRegion()
    {
        Assert.Contains(Cells(Load("01-perceptron.ipynb")), c => c.Source.Contains("// BEGIN SOLUTION") && c.Source.Contains("// END SOLUTION"));
    }

    private static readonly string GlossaryName = "18-glossary-and-cheat-sheet.ipynb";

    /// <summary>
    /// Every glossary row links to a chapter that exists and that uses the term (its English or
    /// its Chinese name, or one of the names a row lists with "/" or parentheses).
    /// </summary>
    [Fact]
    public void Glossary_LinksEveryTermToAChapterThatUsesIt()
    {
        var glossary = Cells(Load(GlossaryName)).First(c => c.Type == "markdown" && c.Source.Contains("## Glossary", StringComparison.Ordinal)).Source;
        var rows = Regex.Matches(glossary, @"^\| (?<en>[^|]+) \| (?<zh>[^|]+) \| \[(?<ch>\d\d)\]\((?<file>[^)]+)\) \|", RegexOptions.Multiline);
        Assert.True(rows.Count >= 80, $"expected at least 80 glossary rows, found {rows.Count}");
        var texts = new Dictionary<string, string>();
        var missing = new List<string>();
        foreach (Match row in rows)
        {
            var file = row.Groups["file"].Value;
            Assert.StartsWith(row.Groups["ch"].Value + "-", file);
            Assert.True(File.Exists(Path.Combine(RepoRoot.Path, "notebooks", file)), $"the glossary links to {file}, which does not exist");
            if (!texts.TryGetValue(file, out var text))
                texts[file] = text = string.Join("\n", Cells(Load(file)).Select(c => c.Source));
            var names = Regex.Split(row.Groups["en"].Value + "/" + row.Groups["zh"].Value, @"[/(),]|\bor\b")
                .Select(n => n.Trim()).Where(n => n.Length > 1).ToList();
            if (!names.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)))
                missing.Add($"{row.Groups["en"].Value.Trim()} / {row.Groups["zh"].Value.Trim()} → {file}");
        }
        Assert.True(missing.Count == 0, "glossary terms their linked chapter never mentions:\n" + string.Join("\n", missing));
    }

    /// <summary>The key terms of the articles the course was commissioned from (in their Chinese form), each in the glossary.</summary>
    [Fact]
    public void Glossary_HasEveryKeyTermOfTheSourceArticles()
    {
        string[] keyTerms =
        [
            "多层感知机", "权重", "偏置", "激活函数", "输入层", "隐藏层", "输出层", "全连接", "线性变换", "softmax",
            "反向传播", "梯度下降", "过拟合", "卷积神经网络", "卷积核", "特征图", "池化", "平移不变",
            "循环神经网络", "隐状态", "词嵌入", "梯度消失", "梯度爆炸", "长期依赖", "长短期记忆", "遗忘门", "输入门", "输出门", "门控循环单元",
            "编码器", "解码器", "序列到序列", "上下文向量", "注意力机制", "查询", "键", "值", "点积", "相似度",
            "残差连接", "层归一化", "叠加和归一", "自注意力", "交叉注意力", "缩放点积", "掩码", "多头注意力", "位置编码", "前馈网络", "堆叠", "并行",
            "文字接龙", "预训练", "微调", "BERT", "GPT", "通道注意力", "空间注意力", "ViT",
        ];
        var glossary = string.Join("\n", Cells(Load(GlossaryName)).Where(c => c.Type == "markdown").Select(c => c.Source));
        var absent = keyTerms.Where(t => !glossary.Contains(t, StringComparison.Ordinal)).ToList();
        Assert.True(absent.Count == 0, "key terms missing from the glossary: " + string.Join(", ", absent));
    }
}
