using Microsoft.Extensions.AI;
using RagApp.Core.Chat;

namespace RagApp.Core.Tests.Chat;

internal sealed class FakeChatClientSource(IChatClient? client, string provider = "fake") : IChatClientSource
{
    public string ProviderName => provider;

    public IChatClient? GetChatClient() => client;
}
