package pdfread

import (
	"encoding/asn1"
	"errors"

	"github.com/smallstep/pkcs7"
)

// checkCMS checks that der, a detached CMS signature as a signature
// field's /Contents holds it (zeros after it), signs data: the digest it
// signs is data's, and the signature over it checks with the public key
// of the certificate it names. It returns the certificate's subject.
// The certificate's chain and revocation are not judged: trusting it is
// for a validator.
func checkCMS(contents, data []byte) (string, error) {
	// DER says where it ends; BER with indefinite lengths (NSS, so pdfsig,
	// writes it) ends with zeros of its own, and its parser stops there.
	der := contents
	var whole asn1.RawValue
	if _, err := asn1.Unmarshal(contents, &whole); err == nil {
		der = whole.FullBytes
	}
	p7, err := pkcs7.Parse(der)
	if err != nil {
		return "", errors.New("it is not a CMS signature")
	}
	if len(p7.Signers) != 1 {
		return "", errors.New("it has no signer, or more than one")
	}
	cert := p7.GetOnlySigner()
	if cert == nil {
		return "", errors.New("it does not carry the signer's certificate")
	}
	p7.Content = data
	if err := p7.Verify(); err != nil {
		var mismatch *pkcs7.MessageDigestMismatchError
		if errors.As(err, &mismatch) {
			return "", errors.New("the digest it signs is not that of the bytes before it")
		}
		return "", err
	}
	if cert.Subject.CommonName != "" {
		return cert.Subject.CommonName, nil
	}
	return cert.Subject.String(), nil
}
