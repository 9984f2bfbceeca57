/// LXC-style system containers on the namespace core.
public enum SystemContainersModule {}
