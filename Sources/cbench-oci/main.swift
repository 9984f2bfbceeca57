print("cbench-oci")
