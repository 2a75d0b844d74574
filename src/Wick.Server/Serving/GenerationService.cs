using Wick.Core.Errors;
using Wick.Core.Execution;
using Wick.Core.Sampling;
using Wick.Core.Text;
using Wick.Server.Configuration;
using Wick.Server.OpenAI;

namespace Wick.Server.Serving;

/// <summary>Turns a validated <see cref="GenerationPlan"/> into engine requests: tokenize, validate, submit one per choice, all at once.</summary>
internal sealed class GenerationService(ServedModel model, WickOptions options)
{
    public async Task<Generation> StartAsync(GenerationPlan plan, CancellationToken requestAborted)
    {
        var vocabulary = model.Engine.Vocabulary;
        plan.Sampling.Validate(vocabulary.Size);
        if (plan.PromptText is { } text && model.MinimumTokens(text) >= model.Engine.ContextLength)
        {
            // Tokenizing megabytes only to refuse them would hold the shared tokenizer thread for everyone else.
            throw new ContextLengthExceededException(model.MinimumTokens(text), model.Engine.ContextLength);
        }

        var prompt = plan.PromptTokens
            ?? await model.Tokenizer.TokenizeAsync(plan.PromptText ?? string.Empty, addSpecial: true, requestAborted).ConfigureAwait(false);
        if (prompt.Count == 0)
        {
            throw new InvalidParameterException("prompt", "empty_prompt", "The prompt is empty: give at least one token of text.");
        }

        var serverLimit = TimeSpan.FromSeconds(options.RequestTimeoutSeconds);
        var timeout = plan.Timeout is { } asked && asked < serverLimit ? asked : serverLimit;
        var requests = new GenerationRequest[plan.Choices];
        for (var choice = 0; choice < plan.Choices; choice++)
        {
            // n choices of one seeded request differ from each other yet stay reproducible: choice i uses seed + i.
            var sampling = plan.Sampling.Seed is { } seed ? plan.Sampling with { Seed = unchecked(seed + choice) } : plan.Sampling;
            requests[choice] = new GenerationRequest(
                prompt,
                sampling.MaxTokens,
                SamplerFactory.Create(sampling, prompt, vocabulary),
                new StopStringOutputProcessor(vocabulary, sampling.Stop))
            {
                TotalTimeout = timeout,
                IgnoreEndOfGeneration = sampling.IgnoreEos,
            };
        }

        // Submitted as one, so the choices share their first step (see InferenceEngine.SubmitAll).
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        IReadOnlyList<GenerationHandle> handles;
        try
        {
            handles = model.Engine.SubmitAll(requests, cancellation.Token);
        }
        catch
        {
            cancellation.Dispose();
            throw;
        }

        return new Generation(handles, cancellation, prompt.Count, prompt);
    }
}
