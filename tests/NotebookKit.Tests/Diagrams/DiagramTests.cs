using System.Xml.Linq;
using NotebookKit.Diagrams;

namespace NotebookKit.Tests.Diagrams;

public sealed class DiagramTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static TheoryData<string> Names() => new() { "kit", "neuron", "mlp", "graph", "loop", "conv", "rnn", "lstm", "gru", "seq2seq", "attention", "post-norm", "pre-norm", "encoder-block", "decoder-block", "causal", "bidirectional", "vit" };

    private static DiagramView Make(string name) => name switch
    {
        "kit" => Diagram.KitMap(),
        "neuron" => Diagram.Neuron(),
        "mlp" => Diagram.Mlp([2, 8, 2]),
        "graph" => Diagram.ComputationGraph(),
        "loop" => Diagram.TrainingLoop(),
        "conv" => Diagram.ConvolutionWindow(),
        "rnn" => Diagram.UnrolledRnn(),
        "lstm" => Diagram.LstmCell(),
        "gru" => Diagram.GruCell(),
        "seq2seq" => Diagram.EncoderDecoder(),
        "attention" => Diagram.AttentionAverage(),
        "post-norm" => Diagram.ResidualBlock(NormPlacement.PostNorm),
        "pre-norm" => Diagram.ResidualBlock(NormPlacement.PreNorm),
        "encoder-block" => Diagram.TransformerBlock(),
        "decoder-block" => Diagram.TransformerBlock(decoder: true),
        "causal" => Diagram.CausalMask(),
        "bidirectional" => Diagram.BidirectionalMask(),
        "vit" => Diagram.VisionTransformer(),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryDiagram_IsWellFormedSelfContainedSvg_WithATitleAndEveryArrowHeadDefined(string name)
    {
        var view = Make(name);
        var root = XDocument.Parse(view.Svg).Root!;                     // throws on unescaped text such as <eos>
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal(view.Title, root.Element(Svg + "title")!.Value);
        Assert.DoesNotContain("http", view.Svg.Replace("http://www.w3.org/2000/svg", ""));   // nothing fetched
        var markers = root.Descendants(Svg + "marker").Select(m => (string)m.Attribute("id")!).ToHashSet();
        var used = root.Descendants().Select(e => (string?)e.Attribute("marker-end")).OfType<string>().Select(u => u[5..^1]).ToHashSet();
        Assert.Subset(markers, used);
        Assert.Contains(view.Caption.Replace("<", "&lt;").Replace(">", "&gt;"), view.ToHtml());
        Assert.StartsWith("<figure", view.ToHtml());
    }

    [Fact]
    public void TwoDiagramsOnOnePage_DoNotShareMarkerIds()
    {
        static IEnumerable<string> Ids(DiagramView v) => XDocument.Parse(v.Svg).Descendants(Svg + "marker").Select(m => (string)m.Attribute("id")!);
        Assert.Empty(Ids(Diagram.Neuron()).Intersect(Ids(Diagram.Neuron())));
    }

    [Fact]
    public void Mlp_StatesTheParameterCountOfItsLayers_AndDrawsLargeLayersWithAGap()
    {
        Assert.Contains("42 parameters", Diagram.Mlp([2, 8, 2]).Caption);                        // 2·8 + 8 + 8·2 + 2
        var big = Diagram.Mlp([784, 128, 10], "ReLU");
        Assert.Contains($"{784 * 128 + 128 + 128 * 10 + 10} parameters", big.Caption);
        Assert.Equal(6 * 3, XDocument.Parse(big.Svg).Descendants(Svg + "circle").Count());          // 7 drawn per layer, one replaced by ⋮
        Assert.Contains("W₁: (128, 784)", big.Svg);
    }

    [Theory]
    [InlineData(6, 3, 1, 0, 4)]
    [InlineData(5, 3, 2, 1, 3)]
    [InlineData(7, 5, 1, 2, 7)]
    public void ConvolutionWindow_DrawsTheOutputSizeOfTheFormula(int n, int k, int s, int p, int expected)
    {
        var view = Diagram.ConvolutionWindow(n, k, s, p, row: 0, column: 0);
        Assert.Contains($"feature map (特征图) {expected} × {expected}", view.Svg);
        var cells = XDocument.Parse(view.Svg).Descendants(Svg + "rect").Count();
        Assert.Equal(1 + (n + 2 * p) * (n + 2 * p) + 1 + k * k + expected * expected, cells);   // background, input, window, kernel, output
    }

    [Fact]
    public void BadArguments_AreClearErrors()
    {
        Assert.Contains("at least two", Assert.Throws<ArgumentException>(() => Diagram.Mlp([3])).Message);
        Assert.Contains("inside the 4 × 4 output", Assert.Throws<ArgumentOutOfRangeException>(() => Diagram.ConvolutionWindow(row: 4)).Message);
        Assert.Contains("does not fit", Assert.Throws<ArgumentException>(() => Diagram.ConvolutionWindow(inputSize: 2, kernelSize: 3)).Message);
        Assert.Contains("sum to 1", Assert.Throws<ArgumentException>(() => Diagram.AttentionAverage(["a", "b"], [0.5, 0.6])).Message);
        Assert.Contains("one weight per key", Assert.Throws<ArgumentException>(() => Diagram.AttentionAverage(["a", "b"], [1.0])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Diagram.UnrolledRnn(1));
    }

    [Fact]
    public void AttentionAverage_DrawsTheGivenWeights_AndNamesTheStrongestKey()
    {
        var view = Diagram.AttentionAverage(["I", "ate", "yesterday", "<eos>"], [0.1, 0.1, 0.7, 0.1], "writing 昨天");
        Assert.Contains("'yesterday'", view.Caption);
        Assert.Contains("α = 0.70", view.Svg);
        Assert.Contains("&lt;eos&gt;", view.Svg);
        Assert.Contains("交叉注意力", view.Caption);
    }

    [Fact]
    public void CausalMask_AllowsExactlyTheLowerTriangle_AndNoPaddedKey()
    {
        var cells = XDocument.Parse(Diagram.CausalMask(["a", "b", "c", "d", "<pad>"], padding: 1).Svg).Descendants(Svg + "text")
            .Select(t => t.Value).Where(v => v is "✓" or "−∞").ToList();                       // row by row, 5 × 5
        Assert.Equal(25, cells.Count);
        for (var q = 0; q < 5; q++)
            for (var k = 0; k < 5; k++)
                Assert.Equal(k <= q && k < 4 ? "✓" : "−∞", cells[q * 5 + k]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Diagram.CausalMask(["a", "b"], padding: 2));
    }

    [Fact]
    public void BidirectionalMask_AllowsEveryPair_AndHidesTheMaskedInputs()
    {
        var texts = XDocument.Parse(Diagram.BidirectionalMask(["a", "b", "c", "d"], masked: [1, 3]).Svg).Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Equal(16, texts.Count(v => v == "✓"));
        Assert.DoesNotContain("−∞", texts);
        Assert.Equal(4, texts.Count(v => v == "[M]"));                                            // two masked positions, as queries and as keys
        Assert.DoesNotContain("b", texts);
        Assert.Throws<ArgumentOutOfRangeException>(() => Diagram.BidirectionalMask(["a", "b"], masked: [2]));
    }

    [Fact]
    public void VisionTransformer_DrawsOneTokenPerPatch_PlusTheClassToken()
    {
        var texts = XDocument.Parse(Diagram.VisionTransformer(grid: 3).Svg).Descendants(Svg + "text").Select(t => t.Value).ToList();
        for (var p = 0; p < 9; p++) Assert.Equal(2, texts.Count(v => v == p.ToString()));          // once in the image grid, once as a token
        Assert.DoesNotContain("9", texts);
        Assert.Contains("CLS", texts);
        Assert.Throws<ArgumentOutOfRangeException>(() => Diagram.VisionTransformer(grid: 7));
    }

    [Fact]
    public void TransformerBlocks_NameTheirSublayers()
    {
        Assert.DoesNotContain("masked", Diagram.TransformerBlock().Svg);
        var decoder = Diagram.TransformerBlock(decoder: true).Svg;
        Assert.Contains("masked multi-head self-attention", decoder);
        Assert.Contains("cross-attention", decoder);
        Assert.Equal(3, XDocument.Parse(decoder).Descendants(Svg + "text").Count(t => t.Value == "Add & Norm"));
    }

    [Fact]
    public void Save_WritesAStandaloneSvgFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nk-diagram-{Guid.NewGuid():N}.svg");
        try
        {
            Diagram.LstmCell().Save(path);
            Assert.Equal(Svg + "svg", XDocument.Load(path).Root!.Name);
        }
        finally { File.Delete(path); }
    }
}
