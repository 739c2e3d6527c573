using RagApp.Core.Retrieval;
using RagApp.Infrastructure.VectorStores.Postgres;
using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores.Postgres;

/// <summary>
/// The store-agnostic contract (<see cref="IndexStoreContractTests"/>) on PostgreSQL: PGlite, or the server in
/// RAGAPP_TEST_POSTGRES. Every store of a test shares one fresh schema.
/// </summary>
[Collection(PostgresServerDefinition.Name)]
public sealed class PostgresIndexStoreContractTests(PgliteServerFixture server) : IndexStoreContractTests
{
    private readonly string _schema = server.NewSchema();

    protected override IIndexStore CreateStore() => new PostgresIndexStore(server.ConnectionString, schema: _schema);
}
