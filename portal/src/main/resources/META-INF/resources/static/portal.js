// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // A browser wallet (window.ethereum, EIP-1193) signs the payout address proof in place.
  function setUpWallet() {
    var wallet = document.querySelector("[data-wallet]");
    if (!wallet || !window.ethereum) {
      return;
    }
    wallet.hidden = false;
    var button = wallet.querySelector("[data-wallet-sign]");
    button.addEventListener("click", async function () {
      var address = document.getElementById("address");
      var signature = document.getElementById("signature");
      try {
        var accounts = await window.ethereum.request({ method: "eth_requestAccounts" });
        address.value = accounts[0];
        address.dispatchEvent(new Event("input", { bubbles: true }));
        var typedData = await waitForTypedData();
        signature.value = await window.ethereum.request({
          method: "eth_signTypedData_v4",
          params: [accounts[0], typedData]
        });
        signature.focus();
      } catch (failure) {
        // The page's language comes with the page (data-text-refused); English where it is missing.
        var refused = wallet.dataset.textRefused || "The wallet did not sign:";
        alert(refused + " " + (failure && failure.message ? failure.message : failure));
      }
    });
  }

  function waitForTypedData() {
    return new Promise(function (resolve, reject) {
      var attempts = 0;
      var timer = setInterval(function () {
        var shown = document.querySelector("[data-testid=typed-data]");
        var address = document.getElementById("address").value.toLowerCase();
        if (shown && shown.textContent.toLowerCase().indexOf(address) >= 0) {
          clearInterval(timer);
          resolve(shown.textContent);
        } else if (++attempts > 50) {
          clearInterval(timer);
          reject(new Error("the message to sign did not load"));
        }
      }, 100);
    });
  }

  // Coverage charts: available vs outstanding per asset, from the table beside the chart (same numbers); the page
  // gives the legend and axis texts in its language.
  function setUpCharts() {
    document.querySelectorAll("canvas[data-coverage-chart]").forEach(function (canvas) {
      if (!window.Chart) {
        return;
      }
      var rows = document.querySelectorAll(canvas.dataset.coverageChart + " tbody tr");
      var labels = [], available = [], outstanding = [];
      rows.forEach(function (row) {
        labels.push(row.dataset.asset);
        available.push(Number(row.dataset.availableRatio));
        outstanding.push(Number(row.dataset.outstandingRatio));
      });
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: labels,
          datasets: [
            { label: canvas.dataset.available, data: available, backgroundColor: "#1f6f43" },
            { label: canvas.dataset.outstanding, data: outstanding, backgroundColor: "#9a3b00" }
          ]
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { y: { beginAtZero: true, title: { display: true, text: canvas.dataset.axis } } }
        }
      });
    });
  }

  // "Go back" on error pages: the page the person came from (no inline handler: the content security policy forbids them).
  function setUpGoBack() {
    document.querySelectorAll("[data-go-back]").forEach(function (shown) {
      shown.hidden = false;
      shown.querySelector("a").addEventListener("click", function (event) {
        event.preventDefault();
        history.back();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpGoBack();
    setUpWallet();
    setUpCharts();
  });
})();
