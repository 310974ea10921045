using NotebookKit.Text;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>A model that translates a batch of source sentences, as <see cref="Training.TranslationScore"/> measures it.</summary>
public interface ITranslator
{
    /// <summary>Greedy decoding: token ids per sentence (without &lt;eos&gt;), and attention weights (B, T, S) or null.</summary>
    (int[][] Tokens, Tensor? Weights) Greedy(SequenceBatch source);
}
