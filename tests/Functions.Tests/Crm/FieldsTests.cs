using WaFunctions.Errors;

namespace WaFunctions.Tests.Crm;

public sealed class FieldsTests
{
    [Theory]
    [InlineData("919812345678", "919812345678")]
    [InlineData("+91 98123 45678", "919812345678")]
    [InlineData("+1 (415) 555-0100", "14155550100")]
    [InlineData("44.20.7946.0958", "442079460958")]
    [InlineData("12345678", "12345678")]
    [InlineData("123456789012345", "123456789012345")]
    public void Phones_are_normalised_to_their_digits(string raw, string digits) => Assert.Equal(digits, Fields.Phone(raw, "phone"));

    [Theory]
    [InlineData("1234567")]
    [InlineData("1234567890123456")]
    [InlineData("91 98abc45678")]
    [InlineData("91+9812345678")]
    [InlineData("09812345678")]
    [InlineData("919812345678@s.whatsapp.net")]
    public void Bad_phones_are_refused_naming_the_field(string raw) =>
        Assert.Contains("'customerPhone'", Assert.Throws<InvalidInputException>(() => Fields.Phone(raw, "customerPhone")).Message);

    [Fact]
    public void Absent_optional_fields_are_null_and_required_ones_refused()
    {
        Assert.Null(Fields.Phone(null, "phone"));
        Assert.Null(Fields.Text("   ", "company", 10));
        Assert.Contains("'name' is required", Assert.Throws<InvalidInputException>(() => Fields.Text(" ", "name", 10, required: true)).Message);
        Assert.Contains("'phone' is required", Assert.Throws<InvalidInputException>(() => Fields.Phone("", "phone", required: true)).Message);
    }

    [Fact]
    public void Text_is_trimmed_bounded_and_free_of_control_characters()
    {
        Assert.Equal("Aśha Rāo 👋", Fields.Text("  Aśha Rāo 👋 ", "name", 200));
        Assert.Contains("at most 3", Assert.Throws<InvalidInputException>(() => Fields.Text("abcd", "name", 3)).Message);
        Assert.Throws<InvalidInputException>(() => Fields.Text("a\nb", "name", 10));
        Assert.Throws<InvalidInputException>(() => Fields.Text("a\u0000b", "notes", 10, multiline: true));
        Assert.Equal("a\nb", Fields.Text("a\nb", "notes", 10, multiline: true));
    }

    [Theory]
    [InlineData("asha@example.com", true)]
    [InlineData("Asha.Rao+crm@mail.example.co.in", true)]
    [InlineData("asha", false)]
    [InlineData("@example.com", false)]
    [InlineData("asha@example", false)]
    [InlineData("a@b@example.com", false)]
    [InlineData("asha rao@example.com", false)]
    [InlineData("asha@.com", false)]
    public void Emails_are_checked_for_shape(string email, bool valid)
    {
        if (valid) Assert.Equal(email, Fields.Email(email, "email"));
        else Assert.Throws<InvalidInputException>(() => Fields.Email(email, "email"));
    }

    [Fact]
    public void Enums_are_exact_and_labels_bounded_and_deduplicated()
    {
        Assert.Equal("vip", Fields.OneOf("vip", "lifecycle", ["lead", "vip"]));
        Assert.Contains("lead, vip", Assert.Throws<InvalidInputException>(() => Fields.OneOf("VIP", "lifecycle", ["lead", "vip"])).Message);
        Assert.Equal(["a", "b"], Fields.Labels(["a", " b ", "a"], "tags", 5, 5));
        Assert.Throws<InvalidInputException>(() => Fields.Labels(["a", "b", "c"], "tags", 2, 5));
        Assert.Throws<InvalidInputException>(() => Fields.Labels(["abcdef"], "tags", 2, 5));
        Assert.Throws<InvalidInputException>(() => Fields.Labels([null], "tags", 2, 5));
    }
}
