print("cbench")
