// OpenSSL's SHA-256 functions, for hashing many short inputs without an allocation per hash.
// The low-level calls are deprecated in OpenSSL 3 in favour of EVP, which allocates a context
// per digest; they remain supported and use the same SHA extensions of the processor.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
