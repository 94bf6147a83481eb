// Copy buttons: <button data-copy="ID"> copies the value of the element with that id. A script file rather than
// inline handlers, so the page's Content-Security-Policy can forbid inline script.
document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy]');
    if (!button) {
        return;
    }
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) {
        return;
    }
    source.select();
    var done = function () {
        button.textContent = 'Copied';
    };
    if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(done, function () {
            document.execCommand('copy');
            done();
        });
    } else {
        document.execCommand('copy');
        done();
    }
});
