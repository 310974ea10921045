using System.Text;
using System.Text.Json;
using NotebookKit.Text;
using NotebookKit.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>What a checkpoint says about itself, besides the weights.</summary>
/// <param name="Step">optimiser steps taken so far</param>
/// <param name="TrainLosses">the loss of every step so far (a resumed run appends to it)</param>
public sealed record GptCheckpointHeader(GptConfig Config, IReadOnlyList<string> Vocabulary, long Step, IReadOnlyList<double> TrainLosses, bool HasOptimizer);

/// <summary>
/// Saves and loads a <see cref="Gpt"/> with its vocabulary, its optimiser's state and its step, in
/// one file. A save is atomic (<see cref="AtomicFile"/>): an interrupted save leaves the previous
/// checkpoint as it was. Loading checks a marker at both ends of the file, so a truncated or
/// foreign file is a clear error, and refuses a model or vocabulary that does not match.
/// </summary>
public static class GptCheckpoint
{
    private const string Magic = "NotebookKit GPT checkpoint v1";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static void Save(string path, Gpt model, CharVocabulary vocabulary, OptimizerHelper? optimizer, long step, IReadOnlyList<double> trainLosses)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (vocabulary.Count != model.Config.VocabularySize)
            throw new ArgumentException($"Expected a vocabulary of the model's {model.Config.VocabularySize} tokens, got {vocabulary.Count}.", nameof(vocabulary));
        var header = new GptCheckpointHeader(model.Config, vocabulary.Characters, step, trainLosses.ToArray(), optimizer is not null);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(header, Json));
            model.save(writer);
            // The optimiser's state as a length-prefixed block, so a load without an optimiser can skip it.
            using var state = new MemoryStream();
            if (optimizer is not null)
                using (var stateWriter = new BinaryWriter(state, Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(stateWriter);
            writer.Write(state.Length);
            writer.Write(state.GetBuffer(), 0, (int)state.Length);
            writer.Write(Magic);                                       // the end marker: the file is complete
        });
    }

    /// <summary>The header alone (config, vocabulary, step, losses), e.g. to build the model before loading it.</summary>
    public static GptCheckpointHeader ReadHeader(string path)
    {
        using var reader = Open(path);
        return ReadHeader(reader, path);
    }

    /// <summary>A new model (and vocabulary) from a checkpoint; the optimiser, if given, gets its saved state.</summary>
    public static (Gpt Model, CharVocabulary Vocabulary, GptCheckpointHeader Header) Load(string path, Func<Gpt, OptimizerHelper>? optimizerFor = null)
    {
        var header = ReadHeader(path);
        var model = new Gpt(header.Config);
        var optimizer = optimizerFor?.Invoke(model);
        LoadInto(path, model, CharVocabulary.FromCharacters(header.Vocabulary), optimizer);
        return (model, CharVocabulary.FromCharacters(header.Vocabulary), header);
    }

    /// <summary>Loads the weights (and optimiser state) into a model built like the saved one, after checking config and vocabulary.</summary>
    public static GptCheckpointHeader LoadInto(string path, Gpt model, CharVocabulary vocabulary, OptimizerHelper? optimizer = null)
    {
        using var reader = Open(path);
        var header = ReadHeader(reader, path);
        if (header.Config != model.Config)
            throw new InvalidDataException($"{path} holds a model of {Describe(header.Config)}, but this model is {Describe(model.Config)}.");
        if (!header.Vocabulary.SequenceEqual(vocabulary.Characters))
        {
            var first = Enumerable.Range(0, Math.Min(header.Vocabulary.Count, vocabulary.Count)).FirstOrDefault(i => header.Vocabulary[i] != vocabulary.Characters[i], Math.Min(header.Vocabulary.Count, vocabulary.Count));
            throw new InvalidDataException($"{path} was trained with a different vocabulary ({header.Vocabulary.Count} characters, this one has {vocabulary.Count}; first difference at id {first}): its ids would mean other characters.");
        }
        if (optimizer is not null && !header.HasOptimizer)
            throw new InvalidDataException($"{path} holds no optimiser state to resume from (it was saved without one).");
        try
        {
            model.load(reader);
            var length = reader.ReadInt64();
            var state = reader.ReadBytes(checked((int)length));
            if (state.Length != length) throw new EndOfStreamException($"the optimiser state is cut off ({state.Length} of {length} bytes)");
            if (optimizer is not null)
                using (var stateReader = new BinaryReader(new MemoryStream(state), Encoding.UTF8)) optimizer.load_state_dict(stateReader);
            if (reader.ReadString() != Magic) throw new InvalidDataException("end marker missing");
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException or IOException)
        {
            throw new InvalidDataException($"{path} is incomplete or corrupted ({e.Message}); it cannot be loaded.", e);
        }
        return header;
    }

    private static BinaryReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No checkpoint at {path}.", path);
        return new BinaryReader(File.OpenRead(path), Encoding.UTF8, leaveOpen: false);
    }

    private static GptCheckpointHeader ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            if (reader.BaseStream.Length < Magic.Length || reader.ReadString() != Magic) throw new InvalidDataException("no start marker");
            return JsonSerializer.Deserialize<GptCheckpointHeader>(reader.ReadString(), Json) ?? throw new InvalidDataException("empty header");
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or JsonException or IOException)
        {
            throw new InvalidDataException($"{path} is not a NotebookKit GPT checkpoint ({e.Message}).", e);
        }
    }

    private static string Describe(GptConfig c) => $"V = {c.VocabularySize}, T = {c.ContextLength}, C = {c.Width}, H = {c.Heads}, N = {c.Layers}, tied head {(c.TiedHead ? "yes" : "no")}";
}
