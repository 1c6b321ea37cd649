// A vCenter for the discovery tests: govmomi's simulator (Debian's golang-github-vmware-govmomi-dev
// ships the package but no vcsim command) behind the two adaptations yavijava 6.0 needs, which stand
// in for what a real vCenter does and vcsim does not:
//
//   - a real vCenter answers in the API version the client asked for (yavijava speaks 6.0), so the
//     ServiceContent fields added in 6.5 and later are hidden; yavijava fails on unknown fields;
//   - a real vCenter writes xsi:type with the conventional "xsi" prefix; Go's encoder writes
//     "XMLSchema-instance:type", which yavijava's dom4j parsing does not recognise.
//
// Control (test only), on the same HTTPS port: GET /lifeboat/destroy?vm=NAME powers a VM off and
// destroys it through the simulator's own SOAP API.
//
// Build: GO111MODULE=off GOPATH=<dir>:/usr/share/gocode go build -o vcsim main.go
// Run:   vcsim -listen 127.0.0.1:0 -user u -password p -certout cert.pem
// Prints "LISTENING https://host:port/sdk" once it serves.
package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"fmt"
	"io/ioutil"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/google/uuid"
	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to serve on")
	user := flag.String("user", "administrator@vsphere.local", "the only user that may log in")
	password := flag.String("password", "secret", "its password")
	certOut := flag.String("certout", "", "write the (fresh, self-signed) server certificate here as PEM")
	machines := flag.Int("machines", 2, "VMs per host and per cluster resource pool (for measurements)")
	flag.Parse()

	model := simulator.VPX()
	model.Machine = *machines
	if err := model.Create(); err != nil {
		log.Fatal(err)
	}
	hideNewerServiceContent()
	uniqueIdentities()

	cert, err := freshCertificate()
	if err != nil {
		log.Fatal(err)
	}
	if *certOut != "" {
		pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]})
		if err := ioutil.WriteFile(*certOut, pemBytes, 0644); err != nil {
			log.Fatal(err)
		}
	}
	model.Service.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*user, *password)}
	server := model.Service.NewServer()

	// the control client talks to the unadapted simulator over an internal plain-HTTP listener
	internal := httptest.NewServer(server.Config.Handler)
	internalURL, _ := url.Parse(internal.URL + "/sdk")
	internalURL.User = url.UserPassword(*user, *password)
	server.Config.Handler = adapt(server.Config.Handler, internalURL)

	fmt.Printf("LISTENING https://%s/sdk\n", server.URL.Host)
	os.Stdout.Sync()

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	<-signals
	internal.Close()
	server.Close()
	model.Remove()
}

// uniqueIdentities gives every VM random BIOS and instance UUIDs (vcsim derives them from the VM's
// path, so two simulators would otherwise hold the "same" machines, which real vCenters never do),
// and what VMware Tools would report: a guest host name in a domain of this simulator's own, and an
// IP address on each NIC.
func uniqueIdentities() {
	domain := uuid.New().String()[:8] + ".example"
	for n, e := range simulator.Map.All("VirtualMachine") {
		vm := e.(*simulator.VirtualMachine)
		vm.Config.Uuid = uuid.New().String()
		vm.Config.InstanceUuid = uuid.New().String()
		vm.Summary.Config.Uuid = vm.Config.Uuid
		vm.Summary.Config.InstanceUuid = vm.Config.InstanceUuid
		ip := fmt.Sprintf("10.0.%d.%d", n/250, n%250+1)
		vm.Guest.HostName = strings.ToLower(vm.Name) + "." + domain
		vm.Guest.IpAddress = ip
		for i := range vm.Guest.Net {
			vm.Guest.Net[i].IpAddress = []string{ip}
		}
		vm.Summary.Guest.HostName = vm.Guest.HostName
		vm.Summary.Guest.IpAddress = ip
	}
}

// hideNewerServiceContent removes the references a 6.0 client does not know about.
func hideNewerServiceContent() {
	si := simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance)
	c := &si.Content
	c.GuestCustomizationManager = nil
	c.VStorageObjectManager = nil
	c.HostSpecManager = nil
	c.CryptoManager = nil
	c.HealthUpdateManager = nil
	c.FailoverClusterConfigurator = nil
	c.FailoverClusterManager = nil
	c.TenantManager = nil
	c.SiteInfoManager = nil
	c.StorageQueryManager = nil
}

type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int)      { r.status = status }

func adapt(next http.Handler, internal *url.URL) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasPrefix(req.URL.Path, "/lifeboat/") {
			control(w, req, internal)
			return
		}
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, req)
		body := rec.body.Bytes()
		if strings.Contains(rec.header.Get("Content-Type"), "xml") {
			body = bytes.ReplaceAll(body, []byte("xmlns:XMLSchema-instance="), []byte("xmlns:xsi="))
			body = bytes.ReplaceAll(body, []byte("XMLSchema-instance:type="), []byte("xsi:type="))
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.status)
		w.Write(body)
	})
}

func control(w http.ResponseWriter, req *http.Request, internal *url.URL) {
	if req.URL.Path != "/lifeboat/destroy" {
		http.NotFound(w, req)
		return
	}
	name := req.URL.Query().Get("vm")
	var vm *object.VirtualMachine
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client, err := govmomi.NewClient(ctx, internal, true)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer client.Logout(ctx)
	for _, e := range simulator.Map.All("VirtualMachine") {
		if e.Entity().Name == name {
			vm = object.NewVirtualMachine(client.Client, e.Reference())
		}
	}
	if vm == nil {
		http.Error(w, "no VM "+name, http.StatusNotFound)
		return
	}
	if task, err := vm.PowerOff(ctx); err == nil {
		task.Wait(ctx) // already off is fine
	}
	task, err := vm.Destroy(ctx)
	if err == nil {
		err = task.Wait(ctx)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	fmt.Fprintf(w, "destroyed %s\n", name)
}

// freshCertificate makes a new self-signed certificate for 127.0.0.1 and localhost on every start, so
// a restarted simulator presents a changed certificate, as a reinstalled vCenter would.
func freshCertificate() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	template := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "vcsim", Organization: []string{"Lifeboat tests"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
