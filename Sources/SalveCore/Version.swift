/// Salve's version, defined once: `salve --version` prints it.
public enum SalveVersion {
    /// The version of this build of Salve.
    public static let current = "0.9.1"
}
