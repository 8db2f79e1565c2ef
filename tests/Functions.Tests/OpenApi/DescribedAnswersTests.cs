using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using WaFunctions.Api;
using WaFunctions.Auth;
using WaFunctions.Errors;
using WaFunctions.OpenApi;

namespace WaFunctions.Tests.OpenApi;

/// <summary>The check that holds each answer to what its endpoint declares, and query parameters to their declaration.</summary>
public sealed class DescribedAnswersTests
{
    private sealed record Thing(string Id);
    private sealed record Other(string Id);

    private static RouteEndpoint Endpoint(string method, string pattern, params object[] metadata) =>
        new(_ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), 0,
            new EndpointMetadataCollection([.. metadata, new HttpMethodMetadata([method])]), $"{method} {pattern}");

    private static ProducesResponseTypeMetadata Produces<T>(int status) => new(status, typeof(T), ["application/json"]);

    [Fact]
    public void A_declared_body_and_status_pass_and_anything_else_is_named()
    {
        var endpoint = Endpoint("POST", "/things", Produces<Envelope<Thing>>(201), new RequiredScope("things:write"));
        Assert.Null(DescribedAnswers.Undescribed(endpoint, Answer.Data(new Thing("t1"), 201)));
        Assert.Contains("answered 200", DescribedAnswers.Undescribed(endpoint, Answer.Data(new Thing("t1"))));
        Assert.Contains("Envelope`1", DescribedAnswers.Undescribed(endpoint, Answer.Data(new Other("o1"), 201)));
        Assert.Contains("answered 201 with a", DescribedAnswers.Undescribed(endpoint, Results.Json(new { data = new Thing("t1") }, statusCode: 201)));
        Assert.Contains("answered 204", DescribedAnswers.Undescribed(endpoint, Results.NoContent()));
    }

    [Fact]
    public void Errors_pass_when_declared_or_implied_by_the_kind_of_endpoint()
    {
        var item = Endpoint("PATCH", "/things/{id}", Produces<Envelope<Thing>>(200), new RequiredScope("things:write"),
            new DescribedError(409, "thing_locked", "The thing is locked."), new AcceptsMetadata(["application/json"], typeof(Thing)));
        Assert.Null(DescribedAnswers.Undescribed(item, ApiError.Conflict("thing_locked", "locked")));
        Assert.Null(DescribedAnswers.Undescribed(item, ApiError.NotFound("no thing"))); // it addresses one item
        Assert.Null(DescribedAnswers.Undescribed(item, ApiError.InvalidInput("bad"))); // it takes a body
        Assert.Null(DescribedAnswers.Undescribed(item, ApiError.Result(403, "insufficient_scope", "no"))); // it needs a scope
        Assert.Contains("'thing_gone'", DescribedAnswers.Undescribed(item, ApiError.Result(409, "thing_gone", "gone")));

        var list = Endpoint("GET", "/things", Produces<Page<Thing>>(200), new PublicByDesign("test"));
        Assert.Contains("'not_found'", DescribedAnswers.Undescribed(list, ApiError.NotFound("no")));
        Assert.Contains("'invalid_input'", DescribedAnswers.Undescribed(list, ApiError.InvalidInput("no parameters, no body")));
        Assert.Contains("'invalid_api_key'", DescribedAnswers.Undescribed(list, ApiError.Result(401, "invalid_api_key", "public")));
    }

    [Fact]
    public void A_file_needs_its_content_type_declared()
    {
        var png = TypedResults.File(new byte[] { 1, 2, 3 }, "image/png");
        Assert.Null(DescribedAnswers.Undescribed(Endpoint("GET", "/things/{id}/qr", new DescribedFile("image/png")), png));
        Assert.Contains("image/png", DescribedAnswers.Undescribed(Endpoint("GET", "/things/{id}/qr", new DescribedFile("text/csv")), png));
        Assert.Contains("image/png", DescribedAnswers.Undescribed(Endpoint("GET", "/things/{id}/qr", Produces<Envelope<Thing>>(200)), png));
    }

    [Fact]
    public void A_query_parameter_reads_only_where_declared_and_names_itself_in_errors()
    {
        var limit = new NumberQuery("limit", 20, 1, 50, "How many.");
        var stage = new ChoiceQuery("stage", ["lead", "vip"], "Which stage.");
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?limit=7&stage=vip");
        context.SetEndpoint(Endpoint("GET", "/things", limit));
        Assert.Equal(7, limit.Read(context.Request));
        Assert.Contains("'stage'", Assert.Throws<InvalidOperationException>(() => stage.Read(context.Request)).Message);

        context.SetEndpoint(Endpoint("GET", "/things", limit, stage));
        Assert.Equal("vip", stage.Read(context.Request));
        context.Request.QueryString = new QueryString("?limit=51&stage=gold");
        Assert.Contains("'limit' must be a whole number from 1 to 50", Assert.Throws<InvalidInputException>(() => limit.Read(context.Request)).Message);
        Assert.Contains("'stage' must be one of: lead, vip", Assert.Throws<InvalidInputException>(() => stage.Read(context.Request)).Message);
        context.Request.QueryString = QueryString.Empty;
        Assert.Equal(20, limit.Read(context.Request));
        Assert.Null(stage.Read(context.Request));
    }
}
