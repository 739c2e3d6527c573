using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores.Postgres;

/// <summary>The tests that share one PostgreSQL server (<see cref="PgliteServerFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresServerDefinition : ICollectionFixture<PgliteServerFixture>
{
    public const string Name = "postgres";
}
