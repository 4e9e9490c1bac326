namespace GitDeploy.State;

/// <summary>A sealed value does not open with this key.</summary>
public sealed class SecretKeyMismatchException() : SecretKeyException(
    $"gitdeploy.db was sealed with another secret key: start with the data directory's own {SecretBox.KeyFileName} " +
    $"(or the {SecretBox.KeyVariable} it was started with), e.g. restored from the same backup as the database");
